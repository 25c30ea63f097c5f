using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using IsoEdms.Domain.Objectives;
using IsoEdms.Domain.Procedures;
using IsoEdms.Objectives;

namespace IsoEdms.Cli;

/// <summary>
/// <c>objectives set --code CODE --title TEXT --measure MEASURE --target N [--unit UNIT | --procedure CODE] --from DATE --to DATE [--owner PERSON]</c>
/// sets or revises a quality objective (ISO 9001:2015, 6.2); <c>objectives list [--as-of DATE] [--json]</c> measures them.
/// </summary>
public static class ObjectivesVerb
{
    public static Command Build(CliContext cli)
    {
        var code = CommonOptions.Text("--code", "CODE", "the objective's code (a second 'set' with it revises it)", required: true);
        var title = CommonOptions.Text("--title", "TEXT", "what it is, in Vietnamese", required: true);
        var titleEn = CommonOptions.Text("--title-en", "TEXT", "what it is, in English");
        var measure = CommonOptions.Text("--measure", "MEASURE", $"one of {string.Join(", ", Measures.All)}", required: true);
        var target = CommonOptions.Text("--target", "N", "a percentage for a rate (98 = at least 98 %), the most allowed for a count", required: true);
        var unit = CommonOptions.Text("--unit", "UNIT", "the unit it is for (default: the whole organisation)");
        var procedure = CommonOptions.Text("--procedure", "CODE", "the procedure it is for (on-time rate only)");
        var from = CommonOptions.Date("--from", "the period's first day", required: true);
        var to = CommonOptions.Date("--to", "the period's last day", required: true);
        var owner = CommonOptions.Text("--owner", "PERSON", "who answers for it");
        var set = cli.Writes(new Command("set", "set or revise a quality objective") { code, title, titleEn, measure, target, unit, procedure, from, to, owner });
        set.SetAction(async (parse, ct) =>
        {
            if (!decimal.TryParse(parse.GetValue(target), NumberStyles.Number, CultureInfo.InvariantCulture, out var n))
                throw new UsageException($"--target must be a number, not '{parse.GetValue(target)}'");
            var objective = new SetObjective(parse.GetValue(code)!, new LocalizedText(parse.GetValue(title)!, parse.GetValue(titleEn)), parse.GetValue(measure)!, n,
                parse.GetValue(unit), parse.GetValue(procedure), parse.GetValue(from)!.Value, parse.GetValue(to)!.Value, parse.GetValue(owner));
            var answer = await cli.SendAsync<ObjectiveSetAnswer>(new SetObjectiveCommand(objective, cli.By(parse)), ct);
            if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms objectives set: {cli.Say(refused)}"); return 1; }
            cli.Out.WriteLine(Ui.L.T($"mục tiêu {answer.Value!.Code}: lần sửa {answer.Value.Revision}", $"objective {answer.Value!.Code}: revision {answer.Value.Revision}"));
            return 0;
        });

        var asOf = CommonOptions.Date("--as-of", "measure as of this day (default: today)");
        var json = CommonOptions.Flag("--json", "one JSON array, the rows of GET /api/objectives");
        var list = new Command("list", "every objective with its measure month by month") { asOf, json };
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var rows = await ObjectiveMeasurement.ListAsync(q, parse.GetValue(asOf) ?? Organisation.OrgLoad.Today(cli.Clock), null, null, ct);
            if (parse.GetValue(json)) { cli.Out.WriteLine(JsonSerializer.Serialize(rows, ApiJson.Options)); return 0; }
            foreach (var r in rows)
            {
                var value = r.Value is { } v ? v.ToString(CultureInfo.InvariantCulture) + (Measures.IsRate(r.Measure) ? " %" : "") : "–";
                var target2 = r.Target.ToString(CultureInfo.InvariantCulture) + (Measures.IsRate(r.Measure) ? " %" : "");
                cli.Out.WriteLine($"{r.Code} ({r.ScopeKey ?? r.Scope}, {r.From:yyyy-MM-dd}..{r.To:yyyy-MM-dd}): {r.Measure} {value}, {Ui.L.T("chỉ tiêu", "target")} {(Measures.IsRate(r.Measure) ? "≥" : "≤")} {target2}: {r.Status}");
            }
            return 0;
        });
        return new Command("objectives", "quality objectives (ISO 9001:2015, 6.2): set them, measure them") { set, list };
    }
}
