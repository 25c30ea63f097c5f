using IsoEdms.Cases;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Organisation;
using IsoEdms.Organisation;

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
    /// <summary>Sends a command for the signed-in person; on success answers the record's view as it is now.</summary>
    private static async Task<Outcome<TView>> SendAsync<TView>(IMessageBus bus, IQuerySession session, object command, CancellationToken ct) where TView : class
    {
        var answer = await bus.SendCommandAsync<Guid>(command, ct);
        if (answer.Refusal is { } refused) return refused;
        return Outcome<TView>.Done((await session.LoadAsync<TView>(answer.Value, ct))!, answer.Status);
    }

    private static async Task<Results<Ok<NonconformityView>, ProblemHttpResult>> Nc(Guid id, long? version, NonconformityAction action, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        version is null
            ? Problems.Field(400, "The version is required", "send the 'version' you read", "version")
            : (await SendAsync<NonconformityView>(bus, session, new NonconformityCommand(id, version.Value, Scope.Of(http).Person, action, Scope.Of(http)), ct)).ToOk();

    private static async Task<Results<Ok<CorrectiveActionView>, ProblemHttpResult>> Ca(Guid id, long? version, CorrectiveActionStep step, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        version is null
            ? Problems.Field(400, "The version is required", "send the 'version' you read", "version")
            : (await SendAsync<CorrectiveActionView>(bus, session, new CorrectiveActionCommand(id, version.Value, Scope.Of(http).Person, step, Scope.Of(http)), ct)).ToOk();

    // ---- nonconformities ------------------------------------------------------------------------------------------

    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/nonconformities")]
    public static async Task<Results<Ok<IReadOnlyList<NonconformityView>>, ProblemHttpResult>> Register(string? unit, string? person, string? source, string? status, string? severity, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        if (Scope.Unit(http, unit, headsOnly: true) is { } forbidden) return forbidden;
        var q = session.Query<NonconformityView>().WhereGiven(unit, x => x.Unit == unit).WhereGiven(person, x => x.Person == person)
            .WhereGiven(source, x => x.Source == source).WhereGiven(status, x => x.Status == status).WhereGiven(severity, x => x.Severity == severity);
        return TypedResults.Ok(await q.OrderByDescending(x => x.DetectedAt).Take(1000).ToListAsync(ct));
    }

    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/nonconformities/{id}")]
    public static Task<Results<Ok<NonconformityView>, ProblemHttpResult>> Get(Guid id, HttpContext http, IQuerySession session, CancellationToken ct) =>
        InScopeAsync<NonconformityView>(session, id, http, v => v.Unit, "nonconformity", ct);

    /// <summary>Raise an audit finding, a complaint or another nonconformity by hand.</summary>
    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/nonconformities")]
    public static async Task<Results<Created<NonconformityView>, ProblemHttpResult>> Raise(RaiseNonconformity command, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        (await SendAsync<NonconformityView>(bus, session, new RaiseNonconformityCommand(command.Source ?? "", command.Severity ?? Severities.Minor, command.Unit ?? "", command.Person,
            command.Description ?? "", Scope.Of(http).Person, Scope.Of(http)), ct)).ToCreated(v => $"/api/nonconformities/{v.Id}");

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/nonconformities/{id}/correction")]
    public static Task<Results<Ok<NonconformityView>, ProblemHttpResult>> Correct(Guid id, CorrectNonconformity c, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        Nc(id, c.Version, new CorrectNc(c.Correction ?? ""), http, bus, session, ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/nonconformities/{id}/concession")]
    public static Task<Results<Ok<NonconformityView>, ProblemHttpResult>> Concede(Guid id, GrantConcession c, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        Nc(id, c.Version, new ConcedeNc(c.Concession ?? "", c.DecidedBy ?? ""), http, bus, session, ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/nonconformities/{id}/close")]
    public static Task<Results<Ok<NonconformityView>, ProblemHttpResult>> CloseNc(Guid id, CloseNonconformity c, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        Nc(id, c.Version, new CloseNc(), http, bus, session, ct);

    // ---- corrective actions ---------------------------------------------------------------------------------------

    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/corrective-actions")]
    public static async Task<Results<Ok<IReadOnlyList<CorrectiveActionView>>, ProblemHttpResult>> List(string? unit, string? status, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        if (Scope.Unit(http, unit, headsOnly: true) is { } forbidden) return forbidden;
        var q = session.Query<CorrectiveActionView>().WhereGiven(unit, x => x.Unit == unit).WhereGiven(status, x => x.Status == status);
        return TypedResults.Ok(await q.OrderByDescending(x => x.OpenedAt).Take(1000).ToListAsync(ct));
    }

    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/corrective-actions/{id}")]
    public static Task<Results<Ok<CorrectiveActionView>, ProblemHttpResult>> GetCa(Guid id, HttpContext http, IQuerySession session, CancellationToken ct) =>
        InScopeAsync<CorrectiveActionView>(session, id, http, v => v.Unit, "corrective action", ct);

    /// <summary>One record of the registers, for the heads of its unit and the quality roles: 404 when there is none.</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> InScopeAsync<T>(IQuerySession session, Guid id, HttpContext http, Func<T, string> unit, string what, CancellationToken ct)
        where T : notnull =>
        await session.LoadAsync<T>(id, ct) is not { } v ? Problems.Of(404, "Not found", $"there is no {what} {id}")
        : Scope.Unit(http, unit(v), headsOnly: true) is { } outside ? outside : TypedResults.Ok(v);

    /// <summary>Open a corrective action for one or more nonconformities; each of them links to it.</summary>
    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions")]
    public static async Task<Results<Created<CorrectiveActionView>, ProblemHttpResult>> Open(OpenCorrectiveAction command, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        (await SendAsync<CorrectiveActionView>(bus, session, new OpenCorrectiveActionCommand(command.Nonconformities ?? [], command.Unit, command.Owner, command.Title ?? "",
            Scope.Of(http).Person, Scope.Of(http)), ct)).ToCreated(v => $"/api/corrective-actions/{v.Id}");

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/containment")]
    public static Task<Results<Ok<CorrectiveActionView>, ProblemHttpResult>> Contain(Guid id, RecordContainment c, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        Ca(id, c.Version, CorrectiveActionStep.Contain(c.Description), http, bus, session, ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/root-cause")]
    public static Task<Results<Ok<CorrectiveActionView>, ProblemHttpResult>> RootCause(Guid id, RecordRootCause c, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        Ca(id, c.Version, CorrectiveActionStep.RootCause(c.Category, c.Analysis), http, bus, session, ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/actions")]
    public static async Task<Results<Ok<CorrectiveActionView>, ProblemHttpResult>> Plan(Guid id, PlanAction c, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        c.DueDate is null
            ? Problems.Field(400, "Due date required", "'due_date' (YYYY-MM-DD) is required", "due_date")
            : await Ca(id, c.Version, CorrectiveActionStep.Plan(c.Description, c.Owner, c.DueDate.Value), http, bus, session, ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/actions/{no}/complete")]
    public static Task<Results<Ok<CorrectiveActionView>, ProblemHttpResult>> CompleteAction(Guid id, int no, CompleteAction c, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        Ca(id, c.Version, CorrectiveActionStep.Complete(no, c.Note), http, bus, session, ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/review")]
    public static async Task<Results<Ok<CorrectiveActionView>, ProblemHttpResult>> Review(Guid id, ReviewEffectiveness c, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        c.Effective is null
            ? Problems.Field(400, "Verdict required", "'effective' must be true or false", "effective")
            : await Ca(id, c.Version, CorrectiveActionStep.Review(c.ReviewDate, c.Evidence, c.Effective.Value), http, bus, session, ct);

    [Authorize(Policy = Policies.Improvement)]
    [WolverinePost("/api/corrective-actions/{id}/close")]
    public static Task<Results<Ok<CorrectiveActionView>, ProblemHttpResult>> CloseCa(Guid id, CloseCorrectiveAction c, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct) =>
        Ca(id, c.Version, CorrectiveActionStep.Close(), http, bus, session, ct);
}
