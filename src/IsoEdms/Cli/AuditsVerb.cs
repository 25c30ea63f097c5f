using System.CommandLine;
using IsoEdms.Audits;
using IsoEdms.Domain.Audits;

namespace IsoEdms.Cli;

/// <summary>
/// <c>audits create --unit UNIT --procedures CODE[,CODE...] --lead PERSON [--team PERSON,...] --from DATE --to DATE</c>:
/// plan an internal audit; prints its id. Exit 1 naming the person and the unit when an auditor belongs to the audited
/// unit on a day of the audit (or another rule refuses it).
/// </summary>
public static class AuditsVerb
{
    public static Command Build(CliContext cli)
    {
        var unit = CommonOptions.Text("--unit", "UNIT", "the audited unit", required: true);
        var procedures = CommonOptions.Text("--procedures", "CODE[,CODE...]", "the procedures in the audit's scope", required: true);
        var lead = CommonOptions.Text("--lead", "PERSON", "the lead auditor", required: true);
        var team = CommonOptions.Text("--team", "PERSON[,PERSON...]", "the other auditors");
        var from = CommonOptions.Date("--from", "the audit's first day", required: true);
        var to = CommonOptions.Date("--to", "the audit's last day", required: true);
        var criteria = CommonOptions.Text("--criteria", "TEXT", "the audit criteria (default: TCVN ISO 9001:2015 and the procedures in scope)");
        var create = cli.Writes(new Command("create", "plan an internal audit (ISO 9001:2015, 9.2) and print its id")
            { unit, procedures, lead, team, from, to, criteria });
        create.SetAction(async (parse, ct) =>
        {
            static List<string> Codes(string? list) => [.. (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            var plan = new PlanAudit(parse.GetValue(unit)!, Codes(parse.GetValue(procedures)), parse.GetValue(lead)!, Codes(parse.GetValue(team)),
                parse.GetValue(from)!.Value, parse.GetValue(to)!.Value, parse.GetValue(criteria));
            var answer = await cli.SendAsync<AuditPlannedAnswer>(new PlanAuditCommand(plan, cli.By(parse)), ct);
            if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms audits create: {cli.Say(refused)}"); return 1; }
            cli.Out.WriteLine(answer.Value!.Id);
            return 0;
        });
        var auditId = new Argument<Guid>("AUDIT") { Description = "the audit's id (as 'audits create' printed it)" };
        var kind = CommonOptions.OneOf("--kind", "major or minor nonconformity, observation, or opportunity for improvement", FindingKinds.Minor, FindingKinds.All);
        var text = CommonOptions.Text("--text", "TEXT", "what was found, and the evidence", required: true);
        var procedure = CommonOptions.Text("--procedure", "CODE", "the procedure of the audit's scope it concerns");
        var caseCode = CommonOptions.Text("--case", "CODE", "the dossier it was found on");
        var finding = cli.Writes(new Command("finding", "record a finding of an audit (its lead or team); a major or minor one is also a nonconformity")
            { auditId, kind, text, procedure, caseCode });
        finding.SetAction(async (parse, ct) =>
        {
            var answer = await cli.SendAsync<AuditAnswer>(new RecordFindingCommand(parse.GetValue(auditId), parse.GetValue(kind)!, parse.GetValue(text)!,
                parse.GetValue(procedure), parse.GetValue(caseCode), cli.By(parse)), ct);
            if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms audits finding: {cli.Say(refused)}"); return 1; }
            cli.Out.WriteLine(Ui.L.T($"đã ghi phát hiện số {answer.Value!.Findings}; cuộc đánh giá có {answer.Value.Nonconformities} điểm không phù hợp", $"finding {answer.Value!.Findings} recorded; {answer.Value.Nonconformities} nonconformit(ies) of the audit"));
            return 0;
        });

        var acceptId = new Argument<Guid>("AUDIT") { Description = "the audit's id" };
        var comment = CommonOptions.Text("--comment", "TEXT", "the head's remarks");
        var on = CommonOptions.Date("--on", "the day of acceptance (default: today)");
        var accept = cli.Writes(new Command("accept", "the head of the audited unit accepts the audit's report") { acceptId, comment, on });
        accept.SetAction(async (parse, ct) =>
        {
            var answer = await cli.SendAsync<AuditAnswer>(new AcceptAuditReportCommand(parse.GetValue(acceptId), parse.GetValue(comment), parse.GetValue(on), cli.By(parse)), ct);
            if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms audits accept: {cli.Say(refused)}"); return 1; }
            cli.Out.WriteLine(Ui.L.T($"đã chấp nhận báo cáo ({answer.Value!.Findings} phát hiện)", $"report accepted ({answer.Value!.Findings} finding(s))"));
            return 0;
        });

        var reportId = new Argument<Guid>("AUDIT") { Description = "the audit's id" };
        var file = FormsVerb.Out();
        var report = new Command("report", "the audit's report in Vietnamese (báo cáo đánh giá nội bộ): HTML or PDF") { reportId, file };
        report.SetAction(async (parse, ct) =>
        {
            var path = FormsVerb.Checked(parse.GetValue(file)!);
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var audit = await q.LoadAsync<AuditView>(parse.GetValue(reportId), ct);
            var html = audit is null ? null : AuditPlanningData.Report(audit, await Organisation.OrgLoad.Snapshot(q, ct));
            return await FormsVerb.WriteAsync(cli, "audits report", html, $"there is no audit {parse.GetValue(reportId)}", path, ct);
        });

        var checklistId = new Argument<Guid>("AUDIT") { Description = "the audit's id" };
        var sample = CommonOptions.Count("--sample", "how many of the unit's dossiers to replay (default 10)");
        var checklistJson = CommonOptions.Flag("--json", "JSON: as GET /api/audits/{id}/checklist");
        var checklist = new Command("checklist", "the audit's checklist: a question per step of each procedure in scope, and a sample of dossiers replayed") { checklistId, sample, checklistJson };
        checklist.SetAction(async (parse, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            if (await q.LoadAsync<AuditView>(parse.GetValue(checklistId), ct) is not { } audit) { cli.Err.WriteLine(Ui.L.T($"isoedms audits checklist: không có cuộc đánh giá {parse.GetValue(checklistId)}", $"isoedms audits checklist: there is no audit {parse.GetValue(checklistId)}")); return 1; }
            var view = await AuditChecklist.BuildAsync(q, audit, parse.GetValue(sample) ?? 10, ct);
            if (parse.GetValue(checklistJson)) { cli.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(view, ApiJson.Options)); return 0; }
            foreach (var i in view.Items) cli.Out.WriteLine($"[ ] {i.Procedure} v{i.Version} {i.Step}: {i.Question}");
            foreach (var c in view.Sample) cli.Out.WriteLine($"{c.Code} ({c.Procedure}, {c.Status}{(c.Classification is { } k ? $", {k}" : "")}): {(c.Findings.Count == 0 ? Ui.L.T("phù hợp", "conforms") : string.Join("; ", c.Findings))}");
            return 0;
        });

        var followId = new Argument<Guid>("AUDIT") { Description = "the audit's id" };
        var followNo = CommonOptions.Number("NO");
        var effective = CommonOptions.OneOf("--effective", "whether the nonconformity is removed", "yes", "yes", "no");
        var followNote = CommonOptions.Text("--note", "TEXT", "what was checked and what it showed", required: true);
        var followOn = CommonOptions.Date("--on", "the day of the follow-up (default: today)");
        var followUp = cli.Writes(new Command("follow-up", "the lead auditor follows a nonconformity of the audit up, after the report is accepted")
            { followId, followNo, effective, followNote, followOn });
        followUp.SetAction(async (parse, ct) =>
        {
            var answer = await cli.SendAsync<AuditAnswer>(new FollowUpFindingCommand(parse.GetValue(followId), parse.GetValue(followNo), parse.GetValue(effective) == "yes",
                parse.GetValue(followNote)!, parse.GetValue(followOn), cli.By(parse)), ct);
            if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms audits follow-up: {cli.Say(refused)}"); return 1; }
            cli.Out.WriteLine(Ui.L.T($"đã theo dõi phát hiện số {parse.GetValue(followNo)}", $"finding {parse.GetValue(followNo)} followed up"));
            return 0;
        });

        var programmeYear = new Option<int>("--year") { Description = "the year of the programme", HelpName = "YEAR", Required = true };
        var decision = CommonOptions.Text("--decision", "TEXT", "the approving decision (Quyết định số …)", required: true);
        var decisionDate = CommonOptions.Date("--decision-date", "the decision's date", required: true);
        var approve = cli.Writes(new Command("approve-programme", "a head approves the year's programme: the audits planned to start in it") { programmeYear, decision, decisionDate });
        approve.SetAction(async (parse, ct) =>
        {
            var answer = await cli.SendAsync<ProgrammeAnswer>(new ApproveAuditProgrammeCommand(parse.GetValue(programmeYear), parse.GetValue(decision)!,
                parse.GetValue(decisionDate)!.Value, cli.By(parse)), ct);
            if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms audits approve-programme: {cli.Say(refused)}"); return 1; }
            cli.Out.WriteLine(Ui.L.T($"đã phê duyệt chương trình năm {answer.Value!.Year}: {answer.Value.Audits} cuộc đánh giá, {answer.Value.Decision}", $"programme {answer.Value!.Year} approved: {answer.Value.Audits} audit(s), {answer.Value.Decision}"));
            return 0;
        });

        var year = new Option<int>("--year") { Description = "the year of the programme; the data is the year before", HelpName = "YEAR", Required = true };
        var json = CommonOptions.Flag("--json", "JSON: the rows of GET /api/audits/proposal");
        var propose = new Command("propose", "the yearly audit programme the data proposes: a unit each, its three procedures most in need of an audit") { year, json };
        propose.SetAction(async (parse, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var rows = await AuditPlanningData.ProposeAsync(q, parse.GetValue(year), ct);
            if (parse.GetValue(json)) cli.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(rows, ApiJson.Options));
            else foreach (var r in rows)
                cli.Out.WriteLine($"{r.Unit} ({r.Weight.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}): " +
                                  string.Join("; ", r.Procedures.Select(p => $"{p.Procedure} [{p.Reasons}]")));
            return 0;
        });
        return new Command("audits", "the internal audit programme: propose, plan, check, record findings, accept and print reports") { propose, create, approve, checklist, finding, accept, followUp, report };
    }
}
