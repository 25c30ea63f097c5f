using System.Globalization;
using IsoEdms.Domain.Access;
using IsoEdms.Domain.Objectives;
using IsoEdms.Domain.Procedures;
using IsoEdms.Monitoring;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using IsoEdms.Quality;
using Marten.Events.Aggregation;

namespace IsoEdms.Objectives;

/// <summary>A quality objective as it stands (inline, one per objective stream; a revision replaces it).</summary>
public sealed class ObjectiveView
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public LocalizedText Title { get; set; } = new("", null);
    public string Measure { get; set; } = "";
    public decimal Target { get; set; }
    public string Scope { get; set; } = ObjectiveScopes.Organisation;
    public string? ScopeKey { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public string? Owner { get; set; }
    public int Revision { get; set; }
    public string SetBy { get; set; } = "";
    public DateTimeOffset SetAt { get; set; }
}

public sealed class ObjectiveViewProjection : SingleStreamProjection<ObjectiveView, Guid>
{
    public static ObjectiveView Create(QualityObjectiveSet e) => Apply(e, new ObjectiveView());

    public static ObjectiveView Apply(QualityObjectiveSet e, ObjectiveView v)
    {
        (v.Id, v.Code, v.Title, v.Measure, v.Target, v.Scope, v.ScopeKey) = (e.ObjectiveId, e.Code, e.Title, e.Measure, e.Target, e.Scope, e.ScopeKey);
        (v.From, v.To, v.Owner, v.SetBy, v.SetAt) = (e.From, e.To, e.Owner, e.By, e.At);
        v.Revision++;
        return v;
    }
}

/// <summary>Set or revise a quality objective: the same command from the API and the command line.</summary>
public sealed record SetObjectiveCommand(SetObjective Objective, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Quality;
}

public sealed record ObjectiveSetAnswer(Guid Id, string Code, int Revision);

public static class SetObjectiveHandler
{
    public static async Task<Outcome<ObjectiveSetAnswer>> Handle(SetObjectiveCommand command, IDocumentSession session, OrgSnapshots orgs, TimeProvider clock, CancellationToken ct)
    {
        var org = await orgs.CurrentAsync(session, ct);
        var published = (await session.Query<ProcedureCatalogEntry>().Select(p => p.Code).ToListAsync(ct)).ToHashSet();
        var (set, refusal) = QualityObjectives.Set(command.Objective, org, published, command.By, clock.GetUtcNow());
        if (refusal is not null) return Refusal.Of(422, "The objective cannot be set", refusal.Said, refusal.Field);
        var before = await session.LoadAsync<ObjectiveView>(set!.ObjectiveId, ct);
        session.LastModifiedBy = command.By;
        // the expected version makes a revision that crossed another one a 409, not a silent overwrite
        if (before is null) session.Events.StartStream<ObjectiveView>(set.ObjectiveId, set);
        else session.Events.Append(set.ObjectiveId, before.Revision + 1, set);
        return Outcome<ObjectiveSetAnswer>.Done(new ObjectiveSetAnswer(set.ObjectiveId, set.Code, (before?.Revision ?? 0) + 1), before is null ? 201 : 200);
    }
}

/// <summary>An objective with its measure: the JSON of <c>GET /api/objectives</c>, of <c>objectives list --json</c> and of the review pack.</summary>
public sealed record ObjectiveReport(
    string Code, LocalizedText Title, string Measure, decimal Target, string Scope, string? ScopeKey, DateOnly From, DateOnly To, string? Owner,
    int Revision, DateOnly AsOf, decimal? Value, string Status, IReadOnlyList<MonthMeasure> Months);

/// <summary>
/// The measures of objectives, month by month, from the same reports people read: the timeliness report (case level)
/// for the on-time rate, the satisfaction report for satisfaction, the corrective-action register for overdue actions.
/// </summary>
public static class ObjectiveMeasurement
{
    /// <summary>The objectives whose period meets [<paramref name="from"/>, <paramref name="to"/>] (all when null), measured as of <paramref name="asOf"/>.</summary>
    public static async Task<IReadOnlyList<ObjectiveReport>> ListAsync(IQuerySession session, DateOnly asOf, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var q = session.Query<ObjectiveView>().AsQueryable();
        if (from is { } f) q = q.Where(o => o.To >= f);
        if (to is { } t) q = q.Where(o => o.From <= t);
        var list = new List<ObjectiveReport>();
        foreach (var o in (await q.ToListAsync(ct)).OrderBy(o => o.Code, StringComparer.Ordinal))
            list.Add(await MeasureAsync(session, o, asOf, ct));
        return list;
    }

    public static async Task<ObjectiveReport> MeasureAsync(IQuerySession session, ObjectiveView o, DateOnly asOf, CancellationToken ct)
    {
        var months = QualityObjectives.MonthsOf(o.From, o.To, asOf);
        var figures = new List<MonthFigures>();
        IReadOnlyList<Satisfaction.SatisfactionRow>? ratings = null;
        List<CorrectiveActionView>? actions = null;
        foreach (var (month, first, last) in months)
        {
            var open = last >= asOf;   // cut at the day of the measure, which is not over yet
            switch (o.Measure)
            {
                case Measures.OnTimeRate:
                {
                    var by = o.Scope == ObjectiveScopes.Procedure ? ReportBy.Procedure : ReportBy.Unit;
                    var rows = await TimelinessReporting.CountAsync(session, by, ReportLevel.Case, first, last, asOf, o.Scope == ObjectiveScopes.Unit ? o.ScopeKey : null, ct);
                    var mine = o.Scope == ObjectiveScopes.Procedure ? rows.Where(r => r.Key == o.ScopeKey) : rows;
                    figures.Add(new MonthFigures(month, mine.Sum(r => r.Early + r.OnTime), mine.Sum(r => r.Finished), open));
                    break;
                }
                case Measures.Satisfaction:
                {
                    ratings ??= await Satisfaction.SatisfactionReport.RunAsync(session, months[0].First, months[^1].Last, ct);
                    var mine = ratings.Where(r => r.Month == month && (o.Scope != ObjectiveScopes.Unit || r.Unit == o.ScopeKey)).ToList();
                    figures.Add(new MonthFigures(month, mine.Sum(r => r.Ratings - r.Low), mine.Sum(r => r.Ratings), open));
                    break;
                }
                default:
                {
                    actions ??= o.Scope == ObjectiveScopes.Unit
                        ? [.. await session.Query<CorrectiveActionView>().Where(c => c.Unit == o.ScopeKey).ToListAsync(ct)]
                        : [.. await session.Query<CorrectiveActionView>().ToListAsync(ct)];
                    figures.Add(new MonthFigures(month, actions.Count(c => OverdueOn(c, last)), 0, open));
                    break;
                }
            }
        }
        var measure = QualityObjectives.Evaluate(o.Measure, o.Target, figures, periodOver: asOf > o.To);
        return new ObjectiveReport(o.Code, o.Title, o.Measure, o.Target, o.Scope, o.ScopeKey, o.From, o.To, o.Owner, o.Revision, asOf,
            measure.Value, measure.Status, measure.Months);
    }

    /// <summary>At the end of <paramref name="day"/>: opened by then, and one of its actions due before it and not completed by then.</summary>
    public static bool OverdueOn(CorrectiveActionView c, DateOnly day) =>
        OrgLoad.LocalDate(c.OpenedAt) <= day && c.Actions.Any(a => a.DueDate < day && (a.CompletedAt is not { } done || OrgLoad.LocalDate(done) > day));
}

/// <summary>The request body of <c>POST /api/objectives</c>.</summary>
public sealed record SetObjectiveRequest(string? Code, LocalizedText? Title, string? Measure, decimal? Target, string? Unit, string? Procedure,
    DateOnly? From, DateOnly? To, string? Owner);

public static class ObjectiveEndpoints
{
    /// <summary>POST /api/objectives: set or revise a quality objective (quality officers); 201 new, 200 revised, 422 naming the field.</summary>
    [Authorize(Policy = Policies.Quality)]
    [WolverinePost("/api/objectives")]
    public static async Task<Results<Created<ObjectiveSetAnswer>, Ok<ObjectiveSetAnswer>, ProblemHttpResult>> Post(SetObjectiveRequest r, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        foreach (var (value, field) in new[] { (r.Code, "code"), (r.Measure, "measure"), (r.Title?.Vi, "title.vi") })
            if (string.IsNullOrWhiteSpace(value)) return Problems.Field(400, "Field required", $"'{field}' is required", field);
        if (r.Target is null) return Problems.Field(400, "Field required", "'target' is required (a percentage for a rate, the most allowed for a count)", "target");
        if (r.From is null) return Problems.Field(400, "Field required", "'from' is required (YYYY-MM-DD)", "from");
        if (r.To is null) return Problems.Field(400, "Field required", "'to' is required (YYYY-MM-DD)", "to");
        var me = Scope.Of(http);
        var set = new SetObjective(r.Code!, r.Title!, r.Measure!, r.Target.Value, Blank(r.Unit), Blank(r.Procedure), r.From.Value, r.To.Value, Blank(r.Owner));
        return (await bus.SendCommandAsync<ObjectiveSetAnswer>(new SetObjectiveCommand(set, me.Person, me), ct)).ToCreatedOrOk(a => $"/api/objectives/{a.Code}");
    }

    /// <summary>GET /api/objectives: every objective with its measure month by month as of <c>as_of</c> (default today).</summary>
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/objectives")]
    public static async Task<Results<Ok<IReadOnlyList<ObjectiveReport>>, ProblemHttpResult>> Get(HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var asOf = OrgLoad.Today(clock);
        if (http.Request.Query["as_of"].ToString() is { Length: > 0 } text
            && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
            return Problems.Field(400, "Bad date", $"'as_of' must be a date YYYY-MM-DD, not '{text}'", "as_of");
        return TypedResults.Ok(await ObjectiveMeasurement.ListAsync(session, asOf, null, null, ct));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
