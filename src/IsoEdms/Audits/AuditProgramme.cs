using IsoEdms.Domain.Access;
using IsoEdms.Domain.Audits;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using Marten.Events.Aggregation;

namespace IsoEdms.Audits;

/// <summary>An internal audit as the programme lists it (inline, one per audit stream).</summary>
public sealed class AuditView
{
    public Guid Id { get; set; }
    public string Unit { get; set; } = "";
    public List<string> Procedures { get; set; } = [];
    public string Criteria { get; set; } = "";
    public string Lead { get; set; } = "";
    public List<string> Team { get; set; } = [];
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public string PlannedBy { get; set; } = "";
    public DateTimeOffset PlannedAt { get; set; }
    public List<AuditFindingView> Findings { get; set; } = [];
    public List<FindingFollowUpView> FollowUps { get; set; } = [];
    public string? AcceptedBy { get; set; }
    public DateOnly? AcceptedOn { get; set; }
    public string? AcceptanceComment { get; set; }

    public AuditState State => new(Id, Unit, Procedures, Lead, Team, From, To, Findings.Count, AcceptedBy is not null);
}

public sealed record FindingFollowUpView(int No, bool Effective, string Note, DateOnly On, string By);

public sealed record AuditFindingView(int No, string Kind, string Text, string? Procedure, string? CaseCode, Guid? NonconformityId, string By, DateTimeOffset At);

public sealed class AuditViewProjection : SingleStreamProjection<AuditView, Guid>
{
    public static AuditView Create(AuditPlanned e) => new()
    {
        Id = e.AuditId, Unit = e.Unit, Procedures = [.. e.Procedures], Criteria = e.Criteria, Lead = e.Lead, Team = [.. e.Team],
        From = e.From, To = e.To, PlannedBy = e.By, PlannedAt = e.At,
    };

    public static void Apply(AuditFindingRecorded e, AuditView v) =>
        v.Findings.Add(new AuditFindingView(e.No, e.Kind, e.Text, e.Procedure, e.CaseCode, e.NonconformityId, e.By, e.At));

    public static void Apply(AuditFindingFollowedUp e, AuditView v) => v.FollowUps.Add(new FindingFollowUpView(e.No, e.Effective, e.Note, e.On, e.By));

    public static void Apply(AuditReportAccepted e, AuditView v) => (v.AcceptedBy, v.AcceptedOn, v.AcceptanceComment) = (e.AcceptedBy, e.On, e.Comment);
}

/// <summary>Plan an internal audit: the same command from the API and the command line.</summary>
public sealed record PlanAuditCommand(PlanAudit Plan, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Quality;
}

public sealed record AuditPlannedAnswer(Guid Id, string Unit, DateOnly From, DateOnly To);

public static class PlanAuditHandler
{
    public static async Task<Outcome<AuditPlannedAnswer>> Handle(PlanAuditCommand command, IDocumentSession session, OrgSnapshots orgs, TimeProvider clock, CancellationToken ct)
    {
        var org = await orgs.CurrentAsync(session, ct);
        var published = (await session.Query<ProcedureCatalogEntry>().Select(p => p.Code).ToListAsync(ct)).ToHashSet();
        var id = Guid.CreateVersion7();
        var (planned, refusal) = AuditPlanning.Plan(id, command.Plan, org, published, command.By, clock.GetUtcNow());
        if (refusal is not null) return Refusal.Of(422, "The audit cannot be planned", refusal.Said, refusal.Field);
        session.LastModifiedBy = command.By;
        session.Events.StartStream<AuditView>(id, planned!);
        return Outcome<AuditPlannedAnswer>.Done(new AuditPlannedAnswer(id, planned!.Unit, planned.From, planned.To), 201);
    }
}

/// <summary>The request body of <c>POST /api/audits</c>.</summary>
public sealed record PlanAuditRequest(string? Unit, IReadOnlyList<string>? Procedures, string? Lead, IReadOnlyList<string>? Team, DateOnly? From, DateOnly? To, string? Criteria);

public static class AuditProgrammeEndpoints
{
    /// <summary>POST /api/audits: plan an internal audit (quality officers); 422 naming the field when a rule refuses it.</summary>
    [Authorize(Policy = Policies.Quality)]
    [WolverinePost("/api/audits")]
    public static async Task<Results<Created<AuditPlannedAnswer>, ProblemHttpResult>> Post(PlanAuditRequest request, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        foreach (var (value, field) in new[] { (request.Unit, "unit"), (request.Lead, "lead") })
            if (string.IsNullOrWhiteSpace(value)) return Problems.Field(400, "Field required", $"'{field}' is required", field);
        if (request.From is null) return Problems.Field(400, "Field required", "'from' is required (YYYY-MM-DD)", "from");
        if (request.To is null) return Problems.Field(400, "Field required", "'to' is required (YYYY-MM-DD)", "to");
        var me = Scope.Of(http);
        var plan = new PlanAudit(request.Unit!, request.Procedures ?? [], request.Lead!, request.Team ?? [], request.From.Value, request.To.Value, request.Criteria);
        return (await bus.SendCommandAsync<AuditPlannedAnswer>(new PlanAuditCommand(plan, me.Person, me), ct)).ToCreated(a => $"/api/audits/{a.Id}");
    }
}
