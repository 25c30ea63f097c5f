using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Cases;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Quality;
using IsoEdms.Infrastructure;
using IsoEdms.Organisation;
using JasperFx;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Quality;

public sealed record RaiseNonconformity(string? Source, string? Severity, string? Unit, string? Person, string? Description);
public sealed record CorrectNonconformity(long? Version, string? Correction);
public sealed record GrantConcession(long? Version, string? Concession, string? DecidedBy);
public sealed record CloseNonconformity(long? Version);
public sealed record OpenCorrectiveAction(IReadOnlyList<Guid>? Nonconformities, string? Unit, string? Owner, string? Title);
public sealed record RecordContainment(long? Version, string? Description);
public sealed record RecordRootCause(long? Version, string? Category, string? Analysis);
public sealed record PlanAction(long? Version, string? Description, string? Owner, DateOnly? DueDate);
public sealed record CompleteAction(long? Version, string? Note);
public sealed record ReviewEffectiveness(long? Version, DateOnly? ReviewDate, string? Evidence, bool? Effective);
public sealed record CloseCorrectiveAction(long? Version);

/// <summary>Nonconformities and corrective actions over HTTP. Each command names the version it read (409 otherwise).</summary>
public static class QualityEndpoints
{
    private static IResult Problem(QualityError e) => e.Field is null
        ? Results.Problem(statusCode: e.Conflict ? 409 : 422, title: e.Conflict ? "Not possible in the current state" : "Not allowed by the quality rules", detail: e.Message)
        : Problems.Field(422, "Not allowed by the quality rules", e.Message, e.Field);

    private static async Task<IResult> Execute<TState, TView>(HttpContext http, IDocumentSession session, Guid id, long? version,
        Func<IEnumerable<object>, TState?> fold, Func<TState, string, Task<QualityResult>> decide, Func<TState, int> versionOf, Func<TState, string> unitOf, CancellationToken ct) where TState : class where TView : class
    {
        var by = Actor.From(http);
        if (by is null) return Problems.Unauthenticated();
        if (version is null) return Problems.Field(400, "The version is required", "send the 'version' you read", "version");
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        if (fold(events.Select(e => e.Data)) is not { } state) return Results.Problem(statusCode: 404, title: "Not found", detail: $"there is no record {id}");
        if (Scope.Unit(http, unitOf(state), headsOnly: true) is { } forbidden) return forbidden;
        if (versionOf(state) != version)
            return Results.Problem(statusCode: 409, title: "It changed", detail: $"it is at version {versionOf(state)}, you sent {version}: reload it and try again");
        var result = await decide(state, by);
        if (result.Error is { } error) return Problem(error);
        session.LastModifiedBy = by;
        session.Events.Append(id, versionOf(state) + result.Events.Count, result.Events.ToArray());
        try { await session.SaveChangesAsync(ct); }
        catch (ConcurrencyException) { session.EjectAllPendingChanges(); return Results.Problem(statusCode: 409, title: "It changed", detail: "someone else changed it at the same moment; reload it and try again"); }
        return Results.Ok(await session.LoadAsync<TView>(id, ct));
    }

    // ---- nonconformities ------------------------------------------------------------------------------------------

    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/nonconformities")]
    public static async Task<IResult> Register(string? unit, string? person, string? source, string? status, string? severity, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        if (Scope.Unit(http, unit, headsOnly: true) is { } forbidden) return forbidden;
        IQueryable<NonconformityView> q = session.Query<NonconformityView>();
        if (!string.IsNullOrEmpty(unit)) q = q.Where(x => x.Unit == unit);
        if (!string.IsNullOrEmpty(person)) q = q.Where(x => x.Person == person);
        if (!string.IsNullOrEmpty(source)) q = q.Where(x => x.Source == source);
        if (!string.IsNullOrEmpty(status)) q = q.Where(x => x.Status == status);
        if (!string.IsNullOrEmpty(severity)) q = q.Where(x => x.Severity == severity);
        return Results.Ok(await q.OrderByDescending(x => x.DetectedAt).Take(1000).ToListAsync(ct));
    }

    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/nonconformities/{id}")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<NonconformityView>(id, ct) is { } v
            ? Scope.Unit(http, v.Unit, headsOnly: true) ?? Results.Ok(v)
            : Results.Problem(statusCode: 404, title: "Not found", detail: $"there is no nonconformity {id}");

    /// <summary>Raise an audit finding, a complaint or another nonconformity by hand.</summary>
    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/nonconformities")]
    public static async Task<IResult> Raise(RaiseNonconformity command, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var by = Actor.From(http);
        if (by is null) return Problems.Unauthenticated();
        if (string.IsNullOrWhiteSpace(command.Unit) || await session.LoadAsync<UnitRecord>(UnitRecord.StreamIdFor(command.Unit), ct) is null)
            return Problems.Field(422, "Unknown unit", $"'{command.Unit}' is not a unit of the organisation", "unit");
        if (Scope.Unit(http, command.Unit, headsOnly: true) is { } forbidden) return forbidden;
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var result = Nonconformities.Raise(id, $"NC-{OrgLoad.Today(clock):yyyy}-{id.ToString("N")[^6..].ToUpperInvariant()}", command.Source ?? "", command.Severity ?? "minor",
            command.Unit, command.Person, command.Description ?? "", by, now);
        if (result.Error is { } e) return Problem(e);
        session.LastModifiedBy = by;
        session.Events.StartStream<NonconformityView>(id, result.Events.ToArray());
        await session.SaveChangesAsync(ct);
        return Results.Created($"/api/nonconformities/{id}", await session.LoadAsync<NonconformityView>(id, ct));
    }

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/nonconformities/{id}/correction")]
    public static Task<IResult> Correct(Guid id, CorrectNonconformity c, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Execute<NonconformityState, NonconformityView>(http, session, id, c.Version, NonconformityState.Fold,
            (s, by) => Task.FromResult(Nonconformities.Correct(s, c.Correction ?? "", by, clock.GetUtcNow())), s => s.Version, s => s.Unit, ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/nonconformities/{id}/concession")]
    public static Task<IResult> Concede(Guid id, GrantConcession c, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Execute<NonconformityState, NonconformityView>(http, session, id, c.Version, NonconformityState.Fold,
            (s, by) => Task.FromResult(Nonconformities.Concede(s, c.Concession ?? "", c.DecidedBy ?? "", by, clock.GetUtcNow())), s => s.Version, s => s.Unit, ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/nonconformities/{id}/close")]
    public static Task<IResult> CloseNc(Guid id, CloseNonconformity c, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Execute<NonconformityState, NonconformityView>(http, session, id, c.Version, NonconformityState.Fold, async (s, by) =>
        {
            var actions = new List<CorrectiveActionState>();
            foreach (var ca in s.CorrectiveActions)
                if (CorrectiveActionState.Fold((await session.Events.FetchStreamAsync(ca, token: ct)).Select(e => e.Data)) is { } st) actions.Add(st);
            return Nonconformities.Close(s, actions, by, clock.GetUtcNow());
        }, s => s.Version, s => s.Unit, ct);

    // ---- corrective actions ---------------------------------------------------------------------------------------

    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/corrective-actions")]
    public static async Task<IResult> List(string? unit, string? status, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        if (Scope.Unit(http, unit, headsOnly: true) is { } forbidden) return forbidden;
        IQueryable<CorrectiveActionView> q = session.Query<CorrectiveActionView>();
        if (!string.IsNullOrEmpty(unit)) q = q.Where(x => x.Unit == unit);
        if (!string.IsNullOrEmpty(status)) q = q.Where(x => x.Status == status);
        return Results.Ok(await q.OrderByDescending(x => x.OpenedAt).Take(1000).ToListAsync(ct));
    }

    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/corrective-actions/{id}")]
    public static async Task<IResult> GetCa(Guid id, HttpContext http, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<CorrectiveActionView>(id, ct) is { } v
            ? Scope.Unit(http, v.Unit, headsOnly: true) ?? Results.Ok(v)
            : Results.Problem(statusCode: 404, title: "Not found", detail: $"there is no corrective action {id}");

    /// <summary>Open a corrective action for one or more nonconformities; each of them links to it.</summary>
    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions")]
    public static async Task<IResult> Open(OpenCorrectiveAction command, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var by = Actor.From(http);
        if (by is null) return Problems.Unauthenticated();
        var ncs = new List<(NonconformityState State, int Version)>();
        foreach (var ncId in command.Nonconformities ?? [])
        {
            if (NonconformityState.Fold((await session.Events.FetchStreamAsync(ncId, token: ct)).Select(e => e.Data)) is not { } nc)
                return Problems.Field(422, "Unknown nonconformity", $"there is no nonconformity {ncId}", "nonconformities");
            ncs.Add((nc, nc.Version));
        }
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var code = $"CA-{OrgLoad.Today(clock):yyyy}-{id.ToString("N")[^6..].ToUpperInvariant()}";
        var unit = command.Unit ?? ncs.FirstOrDefault().State?.Unit ?? "";
        foreach (var u in ncs.Select(n => n.State.Unit).Append(unit).Distinct())
            if (Scope.Unit(http, u, headsOnly: true) is { } forbidden) return forbidden;
        var result = CorrectiveActions.Open(id, code, ncs.Select(n => n.State).ToList(), unit, command.Owner ?? by, command.Title ?? "", by, now);
        if (result.Error is { } e) return Problem(e);
        session.LastModifiedBy = by;
        session.Events.StartStream<CorrectiveActionView>(id, result.Events.ToArray());
        foreach (var (nc, v) in ncs) session.Events.Append(nc.Id, v + 1, new CorrectiveActionLinked(nc.Id, id, code, by, now));
        try { await session.SaveChangesAsync(ct); }
        catch (ConcurrencyException) { session.EjectAllPendingChanges(); return Results.Problem(statusCode: 409, title: "It changed", detail: "a nonconformity changed meanwhile; try again"); }
        return Results.Created($"/api/corrective-actions/{id}", await session.LoadAsync<CorrectiveActionView>(id, ct));
    }

    private static Task<IResult> Ca(Guid id, long? version, HttpContext http, IDocumentSession session, Func<CorrectiveActionState, string, QualityResult> decide, CancellationToken ct) =>
        Execute<CorrectiveActionState, CorrectiveActionView>(http, session, id, version, CorrectiveActionState.Fold, (s, by) => Task.FromResult(decide(s, by)), s => s.Version, s => s.Unit, ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/containment")]
    public static Task<IResult> Contain(Guid id, RecordContainment c, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Ca(id, c.Version, http, session, (s, by) => CorrectiveActions.Contain(s, c.Description ?? "", by, clock.GetUtcNow()), ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/root-cause")]
    public static Task<IResult> RootCause(Guid id, RecordRootCause c, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Ca(id, c.Version, http, session, (s, by) => CorrectiveActions.FindRootCause(s, c.Category ?? "", c.Analysis ?? "", by, clock.GetUtcNow()), ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/actions")]
    public static Task<IResult> Plan(Guid id, PlanAction c, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        c.DueDate is null
            ? Task.FromResult(Problems.Field(400, "Due date required", "'due_date' (YYYY-MM-DD) is required", "due_date"))
            : Ca(id, c.Version, http, session, (s, by) => CorrectiveActions.Plan(s, c.Description ?? "", c.Owner ?? by, c.DueDate.Value, OrgLoad.Today(clock), by, clock.GetUtcNow()), ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/actions/{no}/complete")]
    public static Task<IResult> CompleteAction(Guid id, int no, CompleteAction c, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Ca(id, c.Version, http, session, (s, by) => CorrectiveActions.Complete(s, no, c.Note, by, clock.GetUtcNow()), ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/review")]
    public static Task<IResult> Review(Guid id, ReviewEffectiveness c, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        c.Effective is null
            ? Task.FromResult(Problems.Field(400, "Verdict required", "'effective' must be true or false", "effective"))
            : Ca(id, c.Version, http, session, (s, by) => CorrectiveActions.Review(s, c.ReviewDate ?? OrgLoad.Today(clock), c.Evidence ?? "", c.Effective.Value, by, clock.GetUtcNow()), ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/close")]
    public static Task<IResult> CloseCa(Guid id, CloseCorrectiveAction c, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Ca(id, c.Version, http, session, (s, by) => CorrectiveActions.Close(s, by, clock.GetUtcNow()), ct);
}
