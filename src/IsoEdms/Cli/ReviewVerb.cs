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
                var audits = ((System.Collections.ICollection)inputs["audits"]).Count;
                cli.Out.WriteLine(Ui.L.T(
                    $"{start:dd/MM/yyyy}..{end:dd/MM/yyyy}: tiếp nhận {t.Received}, đã giải quyết {t.Finished} (trước hạn {t.Early}, đúng hạn {t.OnTime}, quá hạn {t.Late}), " +
                    $"từ chối {t.Refused}, dừng {t.Stopped}, đang giải quyết {t.InProgress} ({t.OverdueInProgress} quá hạn); {audits} cuộc đánh giá; --json để xem mọi đầu vào",
                    $"{start:yyyy-MM-dd}..{end:yyyy-MM-dd}: received {t.Received}, finished {t.Finished} (early {t.Early}, on time {t.OnTime}, late {t.Late}), " +
                    $"refused {t.Refused}, stopped {t.Stopped}, in progress {t.InProgress} ({t.OverdueInProgress} overdue); {audits} audit(s); --json for every input"));
            }
            return 0;
        });
        var holdFrom = CommonOptions.Date("--from", "the first day of the period reviewed", required: true);
        var holdTo = CommonOptions.Date("--to", "the last day of the period reviewed", required: true);
        var heldOn = CommonOptions.Date("--held-on", "the day of the meeting (today or earlier)", required: true);
        var chair = CommonOptions.Text("--chair", "PERSON", "who chaired it", required: true);
        var attendees = CommonOptions.Text("--attendees", "PERSON[,PERSON...]", "who attended besides the chair");
        var decisions = Many("--decision", "TEXT", "a decision of the review (9.3.3); give one --decision per decision, at least one");
        var actions = Many("--action", "TEXT;PERSON;DATE", "an improvement action: what, its owner, its due date, separated by ';' (one --action each)");
        var resources = Many("--resource", "TEXT", "a resource need (one --resource each)");
        var hold = cli.Writes(new Command("hold", "record a management review once held: its inputs (the pack of its period, now) are frozen in it; prints its id")
            { holdFrom, holdTo, heldOn, chair, attendees, decisions, actions, resources });
        hold.SetAction(async (parse, ct) =>
        {
            var planned = new List<(string, string, DateOnly)>();
            foreach (var text in parse.GetValue(actions) ?? [])
            {
                var parts = text.Split(';', StringSplitOptions.TrimEntries);
                if (parts.Length != 3 || !DateOnly.TryParseExact(parts[2], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var due))
                    throw new UsageException($"--action '{text}': write TEXT;PERSON;YYYY-MM-DD");
                planned.Add((parts[0], parts[1], due));
            }
            var review = new Domain.Audits.HoldReview(parse.GetValue(holdFrom)!.Value, parse.GetValue(holdTo)!.Value, parse.GetValue(heldOn)!.Value, parse.GetValue(chair)!,
                [.. (parse.GetValue(attendees) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                parse.GetValue(decisions) ?? [], planned, parse.GetValue(resources) ?? []);
            var answer = await cli.SendAsync<ReviewAnswer>(new HoldReviewCommand(review, cli.By(parse)), ct);
            if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms review hold: {cli.Say(refused)}"); return 1; }
            cli.Out.WriteLine(answer.Value!.Id);
            return 0;
        });

        var id = new Argument<Guid>("REVIEW") { Description = "the review's id (as 'review hold' printed it)" };
        var no = CommonOptions.Number("NO");
        var evidence = CommonOptions.Text("--evidence", "TEXT", "what shows it done", required: true);
        var on = CommonOptions.Date("--on", "the day it was done (default: today)");
        var complete = cli.Writes(new Command("complete", "an action of a review done, with its evidence") { id, no, evidence, on });
        complete.SetAction(async (parse, ct) =>
        {
            var answer = await cli.SendAsync<ReviewAnswer>(new CompleteReviewActionCommand(parse.GetValue(id), parse.GetValue(no), parse.GetValue(evidence)!, parse.GetValue(on), cli.By(parse)), ct);
            if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms review complete: {cli.Say(refused)}"); return 1; }
            cli.Out.WriteLine(Ui.L.T($"đã hoàn thành hành động số {parse.GetValue(no)}; {answer.Value!.Done}/{answer.Value.Actions} hành động của cuộc họp đã hoàn thành", $"action {parse.GetValue(no)} done; {answer.Value!.Done} of {answer.Value.Actions} action(s) of the review done"));
            return 0;
        });

        var minutesId = new Argument<Guid>("REVIEW") { Description = "the review's id" };
        var file = FormsVerb.Out();
        var minutes = new Command("minutes", "the review's minutes in Vietnamese (biên bản họp xem xét của lãnh đạo): HTML or PDF") { minutesId, file };
        minutes.SetAction(async (parse, ct) =>
        {
            var path = FormsVerb.Checked(parse.GetValue(file)!);
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var review = await q.LoadAsync<ManagementReviewView>(parse.GetValue(minutesId), ct);
            var html = review is null ? null : ManagementReviewReading.Minutes(review, await Organisation.OrgLoad.Snapshot(q, ct));
            return await FormsVerb.WriteAsync(cli, "review minutes", html, $"there is no management review {parse.GetValue(minutesId)}", path, ct);
        });
        var year = new Option<int>("--year") { Description = "the year", HelpName = "YEAR", Required = true };
        var document = CommonOptions.OneOf("--document", "announcement (the decision announcing the QMS conforms) or report (the yearly report)", "report", "announcement", "report");
        var yearlyFile = FormsVerb.Out();
        var yearly = new Command("yearly", "the year's documents for the Department of Science and Technology, filled from the data: HTML or PDF") { year, document, yearlyFile };
        yearly.SetAction(async (parse, ct) =>
        {
            var path = FormsVerb.Checked(parse.GetValue(yearlyFile)!);
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var f = await YearlyPack.GatherAsync(q, parse.GetValue(year), Organisation.OrgLoad.Today(cli.Clock), ct);
            var html = parse.GetValue(document) == "announcement" ? YearlyPack.Announcement(f) : YearlyPack.Report(f);
            return await FormsVerb.WriteAsync(cli, "review yearly", html, null, path, ct);
        });
        return new Command("review", "management review: the inputs of a period, the review held, its actions and minutes, the yearly documents") { pack, hold, complete, minutes, yearly };
    }

    private static Option<string[]> Many(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName, AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.OneOrMore };
}
