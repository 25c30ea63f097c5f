using System.CommandLine;
using System.Text.Json;
using IsoEdms.Domain.Risks;
using IsoEdms.Risks;

namespace IsoEdms.Cli;

/// <summary>
/// The register of risks and opportunities (ISO 9001:2015, 6.1): <c>risks add</c>, <c>risks action</c>, <c>risks done</c>,
/// <c>risks review</c>, <c>risks list [--json]</c>, and <c>risks propose [--as-of DATE] [--json]</c> for what the data suggests.
/// </summary>
public static class RisksVerb
{
    public static Command Build(CliContext cli)
    {
        var code = CommonOptions.Text("--code", "CODE", "the risk's code", required: true);
        var kind = CommonOptions.OneOf("--kind", "risk or opportunity", RiskKinds.Risk, RiskKinds.Risk, RiskKinds.Opportunity);
        var title = CommonOptions.Text("--title", "TEXT", "what it is", required: true);
        var procedure = CommonOptions.Text("--procedure", "CODE", "the procedure (process) it concerns");
        var unit = CommonOptions.Text("--unit", "UNIT", "the unit it concerns");
        var likelihood = CommonOptions.Count("--likelihood", "1 (rare) to 5 (almost certain)");
        var impact = CommonOptions.Count("--impact", "1 (negligible) to 5 (severe)");
        var owner = CommonOptions.Text("--owner", "PERSON", "who answers for it", required: true);
        var basis = CommonOptions.Text("--basis", "TEXT", "what it rests on (for example a proposal's figures)");
        var add = cli.Writes(new Command("add", "put a risk or opportunity on the register") { code, kind, title, procedure, unit, likelihood, impact, owner, basis });
        add.SetAction(async (parse, ct) =>
        {
            var risk = new RecordRisk(parse.GetValue(code)!, parse.GetValue(kind)!, parse.GetValue(title)!, parse.GetValue(procedure), parse.GetValue(unit),
                parse.GetValue(likelihood) ?? throw new UsageException("--likelihood is required"), parse.GetValue(impact) ?? throw new UsageException("--impact is required"),
                parse.GetValue(owner)!, parse.GetValue(basis));
            return Say(cli, "risks add", await cli.SendAsync<RiskAnswer>(new RecordRiskCommand(risk, cli.By(parse)), ct));
        });

        var riskCode = new Argument<string>("CODE") { Description = "the risk's code" };
        var text = CommonOptions.Text("--text", "TEXT", "what the action is", required: true);
        var actionOwner = CommonOptions.Text("--owner", "PERSON", "who does it", required: true);
        var due = CommonOptions.Date("--due", "by when", required: true);
        var action = cli.Writes(new Command("action", "plan an action on a risk") { riskCode, text, actionOwner, due });
        action.SetAction(async (parse, ct) => Say(cli, "risks action", await cli.SendAsync<RiskAnswer>(RiskDecisionCommand.For(parse.GetValue(riskCode)!,
            new PlanRiskAction(parse.GetValue(text)!, parse.GetValue(actionOwner)!, parse.GetValue(due)!.Value), cli.By(parse)), ct)));

        var doneCode = new Argument<string>("CODE") { Description = "the risk's code" };
        var no = CommonOptions.Number("NO");
        var evidence = CommonOptions.Text("--evidence", "TEXT", "what shows it done", required: true);
        var on = CommonOptions.Date("--on", "the day it was done (default: today)");
        var done = cli.Writes(new Command("done", "an action on a risk done, with its evidence") { doneCode, no, evidence, on });
        done.SetAction(async (parse, ct) => Say(cli, "risks done", await cli.SendAsync<RiskAnswer>(RiskDecisionCommand.For(parse.GetValue(doneCode)!,
            new CompleteRiskAction(parse.GetValue(no), parse.GetValue(evidence)!, parse.GetValue(on)), cli.By(parse)), ct)));

        var reviewCode = new Argument<string>("CODE") { Description = "the risk's code" };
        var newLikelihood = CommonOptions.Count("--likelihood", "the likelihood now, 1 to 5");
        var newImpact = CommonOptions.Count("--impact", "the impact now, 1 to 5");
        var effective = CommonOptions.OneOf("--effective", "whether the actions worked", "yes", "yes", "no");
        var note = CommonOptions.Text("--note", "TEXT", "what the review found", required: true);
        var review = cli.Writes(new Command("review", "review the effectiveness of a risk's actions and rate it again") { reviewCode, newLikelihood, newImpact, effective, note });
        review.SetAction(async (parse, ct) => Say(cli, "risks review", await cli.SendAsync<RiskAnswer>(RiskDecisionCommand.For(parse.GetValue(reviewCode)!,
            new ReviewRisk(parse.GetValue(newLikelihood) ?? throw new UsageException("--likelihood is required"), parse.GetValue(newImpact) ?? throw new UsageException("--impact is required"),
                parse.GetValue(effective) == "yes", parse.GetValue(note)!), cli.By(parse)), ct)));

        var json = CommonOptions.Flag("--json", "JSON: the rows of GET /api/risks");
        var list = new Command("list", "the register, highest score first") { json };
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var rows = await RiskReading.RegisterAsync(q, ct);
            if (parse.GetValue(json)) cli.Out.WriteLine(JsonSerializer.Serialize(rows, ApiJson.Options));
            else foreach (var r in rows)
                cli.Out.WriteLine($"{r.Code} [{r.Kind}, {r.Level} {r.Score}] {r.Title} ({r.Procedure ?? "-"} @ {r.Unit ?? "-"}, {r.Owner}): " +
                                  Ui.L.T($"{r.Actions.Count(a => a.DoneOn is not null)}/{r.Actions.Count} hành động đã hoàn thành, {r.Reviews.Count} lần xem xét", $"{r.Actions.Count(a => a.DoneOn is not null)}/{r.Actions.Count} action(s) done, {r.Reviews.Count} review(s)"));
            return 0;
        });

        var asOf = CommonOptions.Date("--as-of", "judge the three months ended before this day's month (default: today)");
        var proposeJson = CommonOptions.Flag("--json", "JSON: the rows of GET /api/risks/proposals");
        var propose = new Command("propose", "procedures at units whose late rate or nonconformities rose three months running") { asOf, proposeJson };
        propose.SetAction(async (parse, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var rows = await RiskReading.ProposeAsync(q, parse.GetValue(asOf) ?? Organisation.OrgLoad.Today(cli.Clock), ct);
            if (parse.GetValue(proposeJson)) cli.Out.WriteLine(JsonSerializer.Serialize(rows, ApiJson.Options));
            else if (rows.Count == 0) cli.Out.WriteLine(Ui.L.T("không có đề xuất: không có tỷ lệ trễ hạn hay số điểm không phù hợp nào tăng ba tháng liền", "nothing to propose: no late rate or nonconformity count rose three months running"));
            else foreach (var p in rows) cli.Out.WriteLine($"{p.Procedure} @ {p.Unit}: {p.Reason}");
            return 0;
        });
        return new Command("risks", "risks and opportunities (ISO 9001:2015, 6.1): the register, its actions and reviews, and proposals from the data")
            { add, action, done, review, list, propose };
    }

    private static int Say(CliContext cli, string verb, Outcome<RiskAnswer> answer)
    {
        if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms {verb}: {cli.Say(refused)}"); return 1; }
        var a = answer.Value!;
        cli.Out.WriteLine(Ui.L.T($"rủi ro {a.Code}: {a.Level} ({a.Score}), {a.Actions} hành động", $"risk {a.Code}: {a.Level} ({a.Score}), {a.Actions} action(s)"));
        return 0;
    }
}
