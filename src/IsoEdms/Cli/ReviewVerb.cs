using System.CommandLine;
using System.Text.Json;
using IsoEdms.Audits;

namespace IsoEdms.Cli;

/// <summary><c>review pack --from DATE --to DATE --json</c>: the inputs of a management review for a period.</summary>
public static class ReviewVerb
{
    public static Command Build(CliContext cli)
    {
        var from = CommonOptions.Date("--from", "the first day of the period", required: true);
        var to = CommonOptions.Date("--to", "the last day of the period", required: true);
        var json = CommonOptions.Flag("--json", "one JSON object (keys previous_actions, timeliness, satisfaction, objectives, nonconformities, corrective_actions, audits, risks, improvements)");
        var pack = new Command("pack", "the inputs of a management review (ISO 9001:2015, 9.3.2), assembled from the reports of the period") { from, to, json };
        pack.SetAction(async (parse, ct) =>
        {
            var (start, end) = (parse.GetValue(from)!.Value, parse.GetValue(to)!.Value);
            if (end < start) throw new UsageException("--to is before --from");
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var inputs = await ReviewPack.AssembleAsync(q, start, end, Organisation.OrgLoad.Today(cli.Clock), ct);
            if (parse.GetValue(json)) cli.Out.WriteLine(JsonSerializer.Serialize(inputs, ApiJson.Options));
            else
            {
                var t = (ReviewTimeliness)inputs["timeliness"];
                cli.Out.WriteLine($"{start:yyyy-MM-dd}..{end:yyyy-MM-dd}: received {t.Received}, finished {t.Finished} (early {t.Early}, on time {t.OnTime}, late {t.Late}), " +
                                  $"refused {t.Refused}, stopped {t.Stopped}, in progress {t.InProgress} ({t.OverdueInProgress} overdue); " +
                                  $"{((System.Collections.ICollection)inputs["audits"]).Count} audit(s); --json for every input");
            }
            return 0;
        });
        return new Command("review", "management review: the inputs of a period") { pack };
    }
}
