using IsoEdms.Domain.Access;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Risks;
using IsoEdms.Monitoring;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using IsoEdms.Quality;
using JasperFx;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Wolverine.Marten;

namespace IsoEdms.Risks;

public sealed record RiskReviewView(DateOnly On, int Likelihood, int Impact, bool Effective, string Note, string By);

/// <summary>A risk or opportunity of the register as it stands (inline, one per risk stream).</summary>
public sealed class RiskView
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Kind { get; set; } = RiskKinds.Risk;
    public string Title { get; set; } = "";
    public string? Procedure { get; set; }
    public string? Unit { get; set; }
    public int Likelihood { get; set; }
    public int Impact { get; set; }
    public int Score { get; set; }
    public string Level { get; set; } = "";
    public string Owner { get; set; } = "";
    public string? Basis { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    public List<TrackedAction> Actions { get; set; } = [];
    public List<RiskReviewView> Reviews { get; set; } = [];

    public RiskState State => new(Id, Code, [.. Actions.Select(a => (a.No, a.Due, a.DoneOn is not null))]);

    public void Rate(int likelihood, int impact) =>
        (Likelihood, Impact, Score, Level) = (likelihood, impact, likelihood * impact, RiskLevels.Of(likelihood, impact));
}

public sealed class RiskViewProjection : SingleStreamProjection<RiskView, Guid>
{
    public static RiskView Create(RiskRecorded e)
    {
        var v = new RiskView
        {
            Id = e.RiskId, Code = e.Code, Kind = e.Kind, Title = e.Title, Procedure = e.Procedure, Unit = e.Unit, Owner = e.Owner, Basis = e.Basis,
            RecordedBy = e.By, RecordedAt = e.At,
        };
        v.Rate(e.Likelihood, e.Impact);
        return v;
    }

    public static void Apply(RiskActionPlanned e, RiskView v) => v.Actions.Add(new TrackedAction { No = e.No, Description = e.Description, Owner = e.Owner, Due = e.Due });

    public static void Apply(RiskActionCompleted e, RiskView v)
    {
        var a = v.Actions.Single(x => x.No == e.No);
        (a.DoneOn, a.Evidence) = (e.On, e.Evidence);
    }

    public static void Apply(RiskReviewed e, RiskView v)
    {
        v.Reviews.Add(new RiskReviewView(e.On, e.Likelihood, e.Impact, e.Effective, e.Note, e.By));
        v.Rate(e.Likelihood, e.Impact);
    }
}

public sealed record RiskAnswer(Guid Id, string Code, int Score, string Level, int Actions);

/// <summary>Put a risk or opportunity on the register (quality officers).</summary>
public sealed record RecordRiskCommand(RecordRisk Risk, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Quality;
}

/// <summary>A later decision on a risk: an action planned or done, or a review; travels with the risk's stream id.</summary>
public sealed record RiskDecisionCommand([property: Identity] Guid RiskId, RiskDecision Decision, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Quality;

    public static RiskDecisionCommand For(string code, RiskDecision decision, string by, Principal? principal = null) =>
        new(RiskRegister.StreamIdFor(code), decision, by, principal);
}

public abstract record RiskDecision
{
    public abstract (object? Event, RiskRefusal? Refusal) Decide(RiskState s, OrgSnapshot org, DateOnly today, string by, DateTimeOffset at);
}

public sealed record PlanRiskAction(string Description, string Owner, DateOnly Due) : RiskDecision
{
    public override (object? Event, RiskRefusal? Refusal) Decide(RiskState s, OrgSnapshot org, DateOnly today, string by, DateTimeOffset at) =>
        RiskRegister.Plan(s, Description, Owner, Due, org, today, by, at);
}

public sealed record CompleteRiskAction(int No, string Evidence, DateOnly? On) : RiskDecision
{
    public override (object? Event, RiskRefusal? Refusal) Decide(RiskState s, OrgSnapshot org, DateOnly today, string by, DateTimeOffset at) =>
        RiskRegister.Complete(s, No, Evidence, On ?? today, by, at);
}

public sealed record ReviewRisk(int Likelihood, int Impact, bool Effective, string Note) : RiskDecision
{
    public override (object? Event, RiskRefusal? Refusal) Decide(RiskState s, OrgSnapshot org, DateOnly today, string by, DateTimeOffset at) =>
        RiskRegister.Review(s, Likelihood, Impact, Effective, Note, today, by, at);
}

public static class RecordRiskHandler
{
    public static async Task<Outcome<RiskAnswer>> Handle(RecordRiskCommand command, IDocumentSession session, OrgSnapshots orgs, TimeProvider clock, CancellationToken ct)
    {
        var org = await orgs.CurrentAsync(session, ct);
        var published = (await session.Query<ProcedureCatalogEntry>().Select(p => p.Code).ToListAsync(ct)).ToHashSet();
        var (recorded, refusal) = RiskRegister.Record(command.Risk, org, published, command.By, clock.GetUtcNow());
        if (refusal is not null) return Refusal.Of(422, "The risk cannot be recorded", refusal.Said, refusal.Field);
        if (await session.LoadAsync<RiskView>(recorded!.RiskId, ct) is not null)
            return Refusal.Of(409, "Already recorded", Domain.Say.It("risk_exists", $"risk {recorded.Code:code} is already on the register: plan actions on it or review it"));
        session.LastModifiedBy = command.By;
        session.Events.StartStream<RiskView>(recorded.RiskId, recorded);
        return Outcome<RiskAnswer>.Done(new RiskAnswer(recorded.RiskId, recorded.Code, recorded.Likelihood * recorded.Impact, RiskLevels.Of(recorded.Likelihood, recorded.Impact), 0), 201);
    }
}

public static class RiskDecisionHandler
{
    public static async Task<Outcome<RiskAnswer>> Handle(RiskDecisionCommand command, [WriteAggregate(Required = false)] IEventStream<RiskView> stream,
        IDocumentSession session, OrgSnapshots orgs, TimeProvider clock, CancellationToken ct)
    {
        if (stream.Aggregate is not { } risk) return Refusal.Of(404, "Unknown risk", Domain.Say.It("risk_unknown", $"no risk of the register has that code"));
        var now = clock.GetUtcNow();
        var (e, refusal) = command.Decision.Decide(risk.State, await orgs.CurrentAsync(session, ct), OrgLoad.LocalDate(now), command.By, now);
        if (refusal is not null) return Refusal.Of(422, "Not possible on this risk", refusal.Said, refusal.Field);
        session.LastModifiedBy = command.By;
        stream.AppendOne(e!);
        var (l, i) = e is RiskReviewed r ? (r.Likelihood, r.Impact) : (risk.Likelihood, risk.Impact);
        return Outcome<RiskAnswer>.Done(new RiskAnswer(risk.Id, risk.Code, l * i, RiskLevels.Of(l, i), risk.Actions.Count + (e is RiskActionPlanned ? 1 : 0)));
    }
}

/// <summary>Reading the register and the proposals the data makes (rule 32).</summary>
public static class RiskReading
{
    public static async Task<IReadOnlyList<RiskView>> RegisterAsync(IQuerySession session, CancellationToken ct) =>
        (await session.Query<RiskView>().ToListAsync(ct)).OrderByDescending(r => r.Score).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();

    /// <summary>The three months ended before <paramref name="asOf"/>'s month, oldest first: (key, first day, last day).</summary>
    public static IReadOnlyList<(string Month, DateOnly First, DateOnly Last)> LastThreeMonths(DateOnly asOf)
    {
        var current = new DateOnly(asOf.Year, asOf.Month, 1);
        return [.. Enumerable.Range(1, 3).Reverse().Select(k => current.AddMonths(-k))
            .Select(m => (m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), m, m.AddMonths(1).AddDays(-1)))];
    }

    /// <summary>Procedures at units whose late rate or nonconformities rose over the three months ended before <paramref name="asOf"/>.</summary>
    public static async Task<IReadOnlyList<RiskProposal>> ProposeAsync(IQuerySession session, DateOnly asOf, CancellationToken ct)
    {
        var months = LastThreeMonths(asOf);
        var finished = new Dictionary<(string Procedure, string Unit, string Month), (int Finished, int Late)>();
        var org = await OrgLoad.Snapshot(session, ct);
        foreach (var unit in org.Units.Select(u => u.Code))
            foreach (var (month, first, last) in months)
                foreach (var row in await TimelinessReporting.CountAsync(session, ReportBy.Procedure, ReportLevel.Case, first, last, asOf, unit, ct))
                    finished[(row.Key, unit, month)] = (row.Finished, row.Late);
        var (from, to) = (months[0].First, months[^1].Last);
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
        var ncs = await session.Query<NonconformityView>().Where(n => n.CaseId != null && n.DetectedAt >= start && n.DetectedAt < end)
            .Select(n => new { n.CaseId, n.Unit, n.DetectedAt }).ToListAsync(ct);
        var caseIds = ncs.Select(n => n.CaseId!.Value).Distinct().ToArray();
        var procedureOf = caseIds.Length == 0 ? [] : (await session.Query<Cases.CaseDetails>().Where(c => c.Id.IsOneOf(caseIds))
            .Select(c => new { c.Id, c.Procedure }).ToListAsync(ct)).ToDictionary(c => c.Id, c => c.Procedure);
        var ncCount = ncs.Where(n => procedureOf.ContainsKey(n.CaseId!.Value))
            .GroupBy(n => (procedureOf[n.CaseId!.Value], n.Unit, OrgLoad.LocalDate(n.DetectedAt).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(g => g.Key, g => g.Count());
        var pairs = finished.Keys.Select(k => (k.Procedure, k.Unit)).Concat(ncCount.Keys.Select(k => (k.Item1, k.Unit))).Distinct()
            .OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2, StringComparer.Ordinal);
        var proposals = new List<RiskProposal>();
        foreach (var (procedure, unit) in pairs)
        {
            var figures = months.Select(m => finished.TryGetValue((procedure, unit, m.Month), out var f)
                ? new MonthlyFigures(m.Month, f.Finished, f.Late, ncCount.GetValueOrDefault((procedure, unit, m.Month)))
                : new MonthlyFigures(m.Month, 0, 0, ncCount.GetValueOrDefault((procedure, unit, m.Month)))).ToList();
            if (RiskProposals.Judge(procedure, unit, figures) is { } p) proposals.Add(p);
        }
        return proposals;
    }
}

/// <summary>The request body of <c>POST /api/risks</c>.</summary>
public sealed record RecordRiskRequest(string? Code, string? Kind, string? Title, string? Procedure, string? Unit, int? Likelihood, int? Impact, string? Owner, string? Basis);

public static class RiskEndpoints
{
    /// <summary>POST /api/risks: put a risk or opportunity on the register (quality officers); 201, 409 when its code is taken, 422 naming the field.</summary>
    [Authorize(Policy = Policies.Quality)]
    [WolverinePost("/api/risks")]
    public static async Task<Results<Created<RiskAnswer>, ProblemHttpResult>> Post(RecordRiskRequest r, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        foreach (var (value, field) in new[] { (r.Code, "code"), (r.Title, "title"), (r.Owner, "owner") })
            if (string.IsNullOrWhiteSpace(value)) return Problems.Field(400, "Field required", $"'{field}' is required", field);
        if (r.Likelihood is null) return Problems.Field(400, "Field required", "'likelihood' is required (1-5)", "likelihood");
        if (r.Impact is null) return Problems.Field(400, "Field required", "'impact' is required (1-5)", "impact");
        var me = Scope.Of(http);
        var risk = new RecordRisk(r.Code!, r.Kind ?? RiskKinds.Risk, r.Title!, Blank(r.Procedure), Blank(r.Unit), r.Likelihood.Value, r.Impact.Value, r.Owner!, Blank(r.Basis));
        return (await bus.SendCommandAsync<RiskAnswer>(new RecordRiskCommand(risk, me.Person, me), ct)).ToCreated(a => $"/api/risks/{a.Code}");
    }

    /// <summary>GET /api/risks: the register, highest score first, with actions and reviews.</summary>
    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/risks")]
    public static async Task<Ok<IReadOnlyList<RiskView>>> Get(IQuerySession session, CancellationToken ct) => TypedResults.Ok(await RiskReading.RegisterAsync(session, ct));

    /// <summary>GET /api/risks/proposals[?as_of=DATE]: what the last three ended months suggest putting on the register (rule 32).</summary>
    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/risks/proposals")]
    public static async Task<Results<Ok<IReadOnlyList<RiskProposal>>, ProblemHttpResult>> Proposals(HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var asOf = OrgLoad.Today(clock);
        if (http.Request.Query["as_of"].ToString() is { Length: > 0 } text
            && !DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out asOf))
            return Problems.Field(400, "Bad date", $"'as_of' must be a date YYYY-MM-DD, not '{text}'", "as_of");
        return TypedResults.Ok(await RiskReading.ProposeAsync(session, asOf, ct));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
