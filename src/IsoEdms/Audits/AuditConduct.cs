using System.Globalization;
using System.Text;
using IsoEdms.Cases.Forms;
using IsoEdms.Domain.Access;
using IsoEdms.Domain.Audits;
using IsoEdms.Monitoring;
using IsoEdms.Organisation;
using IsoEdms.Quality;
using JasperFx;
using JasperFx.Events;
using Wolverine.Marten;

namespace IsoEdms.Audits;

/// <summary>An auditor of the audit records a finding; a major or minor one raises a nonconformity of the audited unit in the same transaction.</summary>
public sealed record RecordFindingCommand([property: Identity] Guid AuditId, string Kind, string Text, string? Procedure, string? CaseCode, string By, Principal? Principal = null)
    : IAuthorizedCommand
{
    public string Policy => Policies.Audit;
}

/// <summary>The head of the audited unit accepts the report.</summary>
public sealed record AcceptAuditReportCommand([property: Identity] Guid AuditId, string? Comment, DateOnly? On, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Improvement;
}

public sealed record AuditAnswer(Guid Id, int Findings, int Nonconformities, bool Accepted);

public static class RecordFindingHandler
{
    public static Outcome<AuditAnswer> Handle(RecordFindingCommand command, [WriteAggregate(Required = false)] IEventStream<AuditView> stream, IDocumentSession session, TimeProvider clock)
    {
        if (stream.Aggregate is not { } audit) return Refusal.Of(404, "Unknown audit", Domain.Say.It("audit_unknown", $"there is no audit {command.AuditId}"));
        var now = clock.GetUtcNow();
        var ncId = FindingKinds.IsNonconformity(command.Kind) ? Guid.CreateVersion7() : (Guid?)null;
        var (finding, refusal) = AuditConduct.Find(audit.State, command.Kind, command.Text, command.Procedure, command.CaseCode, ncId, OrgLoad.LocalDate(now), command.By, now);
        if (refusal is not null) return Refusal.Of(422, "The finding cannot be recorded", refusal.Said, refusal.Field);
        session.LastModifiedBy = command.By;
        stream.AppendOne(finding!);
        if (ncId is { } id)
        {
            // the same decide function as a nonconformity raised by hand, with the finding's words and where it was found
            var raised = Nonconformities.Raise(id, $"NC-{OrgLoad.LocalDate(now):yyyy}-{id.ToString("N")[^6..].ToUpperInvariant()}", NcSources.AuditFinding, command.Kind,
                audit.Unit, null, $"Đánh giá nội bộ {audit.From:dd/MM/yyyy}, phát hiện {finding!.No}: {finding.Text}", command.By, now);
            if (raised.Error is { } e) return QualityRefusals.From(e);
            session.Events.StartStream<NonconformityView>(id, raised.Events.ToArray());
        }
        var ncs = audit.Findings.Count(f => f.NonconformityId is not null) + (ncId is null ? 0 : 1);
        return Outcome<AuditAnswer>.Done(new AuditAnswer(audit.Id, audit.Findings.Count + 1, ncs, false), 201);
    }
}

public static class AcceptAuditReportHandler
{
    public static async Task<Outcome<AuditAnswer>> Handle(AcceptAuditReportCommand command, [WriteAggregate(Required = false)] IEventStream<AuditView> stream,
        IDocumentSession session, OrgSnapshots orgs, TimeProvider clock, CancellationToken ct)
    {
        if (stream.Aggregate is not { } audit) return Refusal.Of(404, "Unknown audit", Domain.Say.It("audit_unknown", $"there is no audit {command.AuditId}"));
        var now = clock.GetUtcNow();
        var (accepted, refusal) = AuditConduct.Accept(audit.State, await orgs.CurrentAsync(session, ct), command.On ?? OrgLoad.LocalDate(now), command.By, command.Comment, now);
        if (refusal is not null) return Refusal.Of(422, "The report cannot be accepted", refusal.Said, refusal.Field);
        session.LastModifiedBy = command.By;
        stream.AppendOne(accepted!);
        return Outcome<AuditAnswer>.Done(new AuditAnswer(audit.Id, audit.Findings.Count, audit.Findings.Count(f => f.NonconformityId is not null), true));
    }
}

/// <summary>The lead auditor follows a nonconformity of the audit up: was it removed?</summary>
public sealed record FollowUpFindingCommand([property: Identity] Guid AuditId, int No, bool Effective, string Note, DateOnly? On, string By, Principal? Principal = null)
    : IAuthorizedCommand
{
    public string Policy => Policies.Audit;
}

public static class FollowUpFindingHandler
{
    public static Outcome<AuditAnswer> Handle(FollowUpFindingCommand command, [WriteAggregate(Required = false)] IEventStream<AuditView> stream, IDocumentSession session, TimeProvider clock)
    {
        if (stream.Aggregate is not { } audit) return Refusal.Of(404, "Unknown audit", Domain.Say.It("audit_unknown", $"there is no audit {command.AuditId}"));
        var now = clock.GetUtcNow();
        var findings = audit.Findings.Select(f => (f.No, f.Kind, audit.FollowUps.Any(u => u.No == f.No && u.Effective))).ToList();
        var (followed, refusal) = AuditFollowUp.FollowUp(audit.State, findings, command.No, command.Effective, command.Note, command.On ?? OrgLoad.LocalDate(now), command.By, now);
        if (refusal is not null) return Refusal.Of(422, "The finding cannot be followed up", refusal.Said, refusal.Field);
        session.LastModifiedBy = command.By;
        stream.AppendOne(followed!);
        return Outcome<AuditAnswer>.Done(new AuditAnswer(audit.Id, audit.Findings.Count, audit.Findings.Count(f => f.NonconformityId is not null), true));
    }
}

/// <summary>The year's programme as approved (inline, one stream per year).</summary>
public sealed class AuditProgrammeView
{
    public Guid Id { get; set; }
    public int Year { get; set; }
    public List<Guid> Audits { get; set; } = [];
    public string ApprovedBy { get; set; } = "";
    public string Decision { get; set; } = "";
    public DateOnly DecisionDate { get; set; }
}

public sealed class AuditProgrammeViewProjection : Marten.Events.Aggregation.SingleStreamProjection<AuditProgrammeView, Guid>
{
    public static AuditProgrammeView Create(AuditProgrammeApproved e) => new()
    {
        Id = e.ProgrammeId, Year = e.Year, Audits = [.. e.Audits], ApprovedBy = e.ApprovedBy, Decision = e.Decision, DecisionDate = e.DecisionDate,
    };
}

/// <summary>A head approves the year's audit programme: the audits planned to start in it (rule 36).</summary>
public sealed record ApproveAuditProgrammeCommand(int Year, string Decision, DateOnly DecisionDate, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Improvement;
}

public sealed record ProgrammeAnswer(int Year, int Audits, string ApprovedBy, string Decision);

public static class ApproveAuditProgrammeHandler
{
    public static async Task<Outcome<ProgrammeAnswer>> Handle(ApproveAuditProgrammeCommand command, IDocumentSession session, OrgSnapshots orgs, TimeProvider clock, CancellationToken ct)
    {
        var (from, to) = (new DateOnly(command.Year, 1, 1), new DateOnly(command.Year, 12, 31));
        var audits = (await session.Query<AuditView>().Where(a => a.From >= from && a.From <= to).ToListAsync(ct)).Select(a => a.State).ToList();
        var id = AuditFollowUp.ProgrammeIdFor(command.Year);
        var approvedBefore = await session.LoadAsync<AuditProgrammeView>(id, ct) is not null;
        var (approved, refusal) = AuditFollowUp.Approve(command.Year, audits, approvedBefore, await orgs.CurrentAsync(session, ct), command.By, command.Decision,
            command.DecisionDate, command.By, clock.GetUtcNow());
        if (refusal is not null) return Refusal.Of(422, "The programme cannot be approved", refusal.Said, refusal.Field);
        session.LastModifiedBy = command.By;
        session.Events.StartStream<AuditProgrammeView>(id, approved!);
        return Outcome<ProgrammeAnswer>.Done(new ProgrammeAnswer(command.Year, approved!.Audits.Count, approved.ApprovedBy, approved.Decision), 201);
    }
}

/// <summary>The programme the data proposes for a year (rule 34), and an audit's printed report.</summary>
public static class AuditPlanningData
{
    public static async Task<IReadOnlyList<ProposedAudit>> ProposeAsync(IQuerySession session, int year, CancellationToken ct)
    {
        var (from, to) = (new DateOnly(year - 1, 1, 1), new DateOnly(year - 1, 12, 31));
        var org = await OrgLoad.Snapshot(session, ct);
        var figures = new Dictionary<(string Unit, string Procedure), (int Finished, int Late)>();
        foreach (var unit in org.Units.Select(u => u.Code))
            foreach (var row in await TimelinessReporting.CountAsync(session, ReportBy.Procedure, ReportLevel.Case, from, to, to, unit, ct))
                figures[(unit, row.Key)] = (row.Finished, row.Late);
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
        var ncs = await session.Query<NonconformityView>().Where(n => n.CaseId != null && n.DetectedAt >= start && n.DetectedAt < end)
            .Select(n => new { n.CaseId, n.Unit }).ToListAsync(ct);
        var ids = ncs.Select(n => n.CaseId!.Value).Distinct().ToArray();
        var procedureOf = ids.Length == 0 ? [] : (await session.Query<Cases.CaseDetails>().Where(c => c.Id.IsOneOf(ids)).Select(c => new { c.Id, c.Procedure }).ToListAsync(ct))
            .ToDictionary(c => c.Id, c => c.Procedure);
        var ncCount = ncs.Where(n => procedureOf.ContainsKey(n.CaseId!.Value)).GroupBy(n => (Unit: n.Unit, Procedure: procedureOf[n.CaseId!.Value])).ToDictionary(g => g.Key, g => g.Count());
        var risks = await session.Query<Risks.RiskView>().ToListAsync(ct);
        var audits = await session.Query<AuditView>().Where(a => a.To < new DateOnly(year, 1, 1)).ToListAsync(ct);
        var candidates = figures.Keys.Concat(ncCount.Keys).Distinct().Select(k => new AuditCandidate(k.Unit, k.Procedure,
            figures.GetValueOrDefault(k).Finished, figures.GetValueOrDefault(k).Late, ncCount.GetValueOrDefault(k),
            risks.Where(r => (r.Unit is null || r.Unit == k.Unit) && (r.Procedure is null || r.Procedure == k.Procedure)).Select(r => r.Score).DefaultIfEmpty(0).Max(),
            audits.Where(a => a.Unit == k.Unit && a.Procedures.Contains(k.Procedure)).Select(a => (DateOnly?)a.To).Max()));
        return AuditProgrammeProposal.Propose(candidates, new DateOnly(year, 1, 1));
    }

    /// <summary>The audit's report (báo cáo đánh giá nội bộ) in Vietnamese, from its events.</summary>
    public static string Report(AuditView a, Domain.Organisation.OrgSnapshot org)
    {
        string Name(string p) => org.Person(p)?.Name is { } n ? $"{n} ({p})" : p;
        var e = CaseForms.E;
        string Kind(string k) => k switch
        {
            FindingKinds.Major => "Không phù hợp nặng", FindingKinds.Minor => "Không phù hợp nhẹ", FindingKinds.Observation => "Điều cần lưu ý", _ => "Cơ hội cải tiến",
        };
        var body = new StringBuilder()
            .Append("<p>Đơn vị được đánh giá: ").Append(e(org.Unit(a.Unit)?.Name.Vi ?? a.Unit)).Append(" (").Append(e(a.Unit)).Append(").<br>")
            .Append("Thời gian: từ ngày ").Append(a.From.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append(" đến ngày ").Append(a.To.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append(".<br>")
            .Append("Phạm vi: ").Append(e(string.Join("; ", a.Procedures))).Append(".<br>Chuẩn mực: ").Append(e(a.Criteria)).Append(".<br>")
            .Append("Trưởng đoàn: ").Append(e(Name(a.Lead))).Append(a.Team.Count > 0 ? $"; thành viên: {e(string.Join("; ", a.Team.Select(Name)))}" : "").Append(".</p>")
            .Append("<h2>Các phát hiện</h2>");
        if (a.Findings.Count == 0) body.Append("<p>Không có phát hiện.</p>");
        else
        {
            body.Append("<table><tr><th>TT</th><th>Loại</th><th>Nội dung và bằng chứng</th><th>Quy trình / hồ sơ</th><th>Sự không phù hợp</th></tr>");
            foreach (var f in a.Findings)
                body.Append("<tr><td>").Append(f.No).Append("</td><td>").Append(Kind(f.Kind)).Append("</td><td>").Append(e(f.Text)).Append("</td><td>")
                    .Append(e(string.Join(" / ", new[] { f.Procedure, f.CaseCode }.Where(x => x is not null)))).Append("</td><td>")
                    .Append(f.NonconformityId is null ? "" : "Đã ghi nhận").Append("</td></tr>");
            body.Append("</table>");
        }
        body.Append("<p>").Append(a.AcceptedBy is { } by
            ? $"Báo cáo được {e(Name(by))} chấp nhận ngày {a.AcceptedOn:dd/MM/yyyy}{(a.AcceptanceComment is { } c ? $": {e(c)}" : "")}."
            : "Báo cáo chưa được lãnh đạo đơn vị được đánh giá chấp nhận.").Append("</p>");
        var top = org.Units.FirstOrDefault(u => u.Parent is null && u.Ended is null)?.Name.Vi ?? "Cơ quan";
        return CaseForms.Printed(null, "BÁO CÁO ĐÁNH GIÁ NỘI BỘ", $"Báo cáo đánh giá nội bộ {a.Unit} {a.From:dd/MM/yyyy}", top, a.To, body.ToString(),
            ["TRƯỞNG ĐOÀN ĐÁNH GIÁ", "LÃNH ĐẠO ĐƠN VỊ ĐƯỢC ĐÁNH GIÁ"]);
    }
}

public sealed record RecordFindingRequest(string? Kind, string? Text, string? Procedure, string? CaseCode);

public sealed record AcceptAuditReportRequest(string? Comment, DateOnly? On);

public sealed record FollowUpRequest(bool? Effective, string? Note, DateOnly? On);

public sealed record ApproveProgrammeRequest(string? Decision, DateOnly? DecisionDate);

public static class AuditConductEndpoints
{
    /// <summary>POST /api/audits/{id}/findings: a finding of the audit (its auditors); a major or minor one is also a nonconformity.</summary>
    [Authorize(Policy = Policies.Audit)]
    [WolverinePost("/api/audits/{id}/findings")]
    public static async Task<Results<Created<AuditAnswer>, ProblemHttpResult>> Find(Guid id, RecordFindingRequest r, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        var me = Scope.Of(http);
        return (await bus.SendCommandAsync<AuditAnswer>(new RecordFindingCommand(id, r.Kind ?? "", r.Text ?? "", r.Procedure, r.CaseCode, me.Person, me), ct))
            .ToCreated(a => $"/api/audits/{a.Id}");
    }

    /// <summary>POST /api/audits/{id}/accept: the head of the audited unit accepts the report.</summary>
    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/audits/{id}/accept")]
    public static async Task<Results<Ok<AuditAnswer>, ProblemHttpResult>> Accept(Guid id, AcceptAuditReportRequest r, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        var me = Scope.Of(http);
        return (await bus.SendCommandAsync<AuditAnswer>(new AcceptAuditReportCommand(id, r.Comment, r.On, me.Person, me), ct)).ToOk();
    }

    /// <summary>GET /api/audits/{id}: the audit with its findings and acceptance.</summary>
    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/audits/{id}")]
    public static async Task<Results<Ok<AuditView>, ProblemHttpResult>> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<AuditView>(id, ct) is { } a ? TypedResults.Ok(a) : Problems.Of(404, "Unknown audit", $"there is no audit {id}");

    /// <summary>GET /api/audits/{id}/report: the audit's report, printable, in Vietnamese (HTML).</summary>
    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/audits/{id}/report")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<string>(StatusCodes.Status200OK, "text/html")]
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Report(Guid id, IQuerySession session, OrgSnapshots orgs, CancellationToken ct) =>
        await session.LoadAsync<AuditView>(id, ct) is { } a
            ? TypedResults.Content(AuditPlanningData.Report(a, await orgs.CurrentAsync(session, ct)), "text/html; charset=utf-8")
            : Problems.Of(404, "Unknown audit", $"there is no audit {id}");

    /// <summary>GET /api/audits/{id}/checklist[?sample=N]: the questions of each step in scope and a sample of N dossiers (10 by default) replayed.</summary>
    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/audits/{id}/checklist")]
    public static async Task<Results<Ok<AuditChecklistView>, ProblemHttpResult>> Checklist(Guid id, int? sample, IQuerySession session, CancellationToken ct)
    {
        if (sample is < 1 or > 200) return Problems.Field(400, "Bad sample", "'sample' is between 1 and 200 dossiers", "sample");
        return await session.LoadAsync<AuditView>(id, ct) is { } a
            ? TypedResults.Ok(await AuditChecklist.BuildAsync(session, a, sample ?? 10, ct))
            : Problems.Of(404, "Unknown audit", $"there is no audit {id}");
    }

    /// <summary>POST /api/audits/{id}/findings/{no}/follow-up: the lead auditor follows a nonconformity of the audit up.</summary>
    [Authorize(Policy = Policies.Audit)]
    [WolverinePost("/api/audits/{id}/findings/{no}/follow-up")]
    public static async Task<Results<Ok<AuditAnswer>, ProblemHttpResult>> FollowUp(Guid id, int no, FollowUpRequest r, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        if (r.Effective is null) return Problems.Field(400, "Field required", "'effective' is true or false", "effective");
        var me = Scope.Of(http);
        return (await bus.SendCommandAsync<AuditAnswer>(new FollowUpFindingCommand(id, no, r.Effective.Value, r.Note ?? "", r.On, me.Person, me), ct)).ToOk();
    }

    /// <summary>POST /api/audits/programme/{year}/approve: a head approves the year's programme, with the decision.</summary>
    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/audits/programme/{year}/approve")]
    public static async Task<Results<Created<ProgrammeAnswer>, ProblemHttpResult>> ApproveProgramme(int year, ApproveProgrammeRequest r, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        if (r.DecisionDate is null) return Problems.Field(400, "Field required", "'decision_date' is required (YYYY-MM-DD)", "decision_date");
        var me = Scope.Of(http);
        return (await bus.SendCommandAsync<ProgrammeAnswer>(new ApproveAuditProgrammeCommand(year, r.Decision ?? "", r.DecisionDate.Value, me.Person, me), ct))
            .ToCreated(a => $"/api/audits/programme/{a.Year}");
    }

    /// <summary>GET /api/audits/proposal?year=Y: the programme the data of the year before proposes (rule 34).</summary>
    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/audits/proposal")]
    public static async Task<Results<Ok<IReadOnlyList<ProposedAudit>>, ProblemHttpResult>> Proposal(int? year, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        year is null or < 2000 or > 2100
            ? Problems.Field(400, "Year required", "'year' is the year of the programme, such as 2027", "year")
            : TypedResults.Ok(await AuditPlanningData.ProposeAsync(session, year.Value, ct));
}
