using IsoEdms.Domain.Access;
using JasperFx;

namespace IsoEdms.Infrastructure;

/// <summary>Why a command was not carried out: the HTTP status it maps to, and the request field at fault when there is one.</summary>
public sealed record Refusal(int Status, string Title, string Detail, string? Field = null, long? CurrentVersion = null)
{
    /// <summary>
    /// The refusal as a sentence by code, when the decision gave one: the API adds <c>code</c> and <c>args</c> to the problem
    /// document (stable for programs), and people read it worded in their language (<see cref="Wording"/>).
    /// </summary>
    public Domain.Said? Said { get; init; }

    /// <summary>A refusal told as a sentence by code (its English is the detail; people read it worded, see <see cref="Wording"/>).</summary>
    public static Refusal Of(int status, string title, Domain.Said said, string? field = null) => new(status, title, said.English, field) { Said = said };

    public static Refusal Conflict(string detail, long? currentVersion = null) => new(409, "It changed meanwhile", detail, CurrentVersion: currentVersion);

    public static Refusal Conflict(Domain.Said said, long? currentVersion = null) => Conflict(said.English, currentVersion) with { Said = said };

    /// <summary>The answer an API client reads: a problem document with <c>errors</c> keyed by the field, and the current version.</summary>
    public ProblemHttpResult ToResult()
    {
        var ext = new Dictionary<string, object?>();
        if (Field is not null) ext["errors"] = new Dictionary<string, string[]> { [Field] = [Detail] };
        if (CurrentVersion is not null) ext["current_version"] = CurrentVersion;
        if (Said is not null)
        {
            ext["code"] = Said.Code;
            ext["args"] = Said.Args.ToDictionary(a => a.Name, a => a.Value);
        }
        return TypedResults.Problem(statusCode: Status, title: Title, detail: Detail, extensions: ext);
    }

    /// <summary>The message a person reads on a page: the field at fault and what is wrong with it.</summary>
    public string Message => Field is null ? Detail : $"{Field}: {Detail}";
}

/// <summary>What a command answered: its value (with the HTTP status of success), or its refusal.</summary>
public sealed record Outcome<T>(T? Value, Refusal? Refusal, int Status = 200)
{
    public bool Ok => Refusal is null;

    public static Outcome<T> Done(T value, int status = 200) => new(value, null, status);
    public static Outcome<T> Refused(Refusal refusal) => new(default, refusal);
    public static implicit operator Outcome<T>(Refusal refusal) => Refused(refusal);

    /// <summary>200 with the value, or the refusal's problem document: the answer type tells OpenAPI both.</summary>
    public Results<Ok<T>, ProblemHttpResult> ToOk() => Refusal is { } r ? r.ToResult() : TypedResults.Ok(Value);

    /// <summary>201 with the value and its location, or the refusal's problem document.</summary>
    public Results<Created<T>, ProblemHttpResult> ToCreated(Func<T, string> location) =>
        Refusal is { } r ? r.ToResult() : TypedResults.Created(location(Value!), Value);

    /// <summary>201 for a new record, 200 for one that existed (an idempotent retry), or the refusal's problem document.</summary>
    public Results<Created<T>, Ok<T>, ProblemHttpResult> ToCreatedOrOk(Func<T, string> location) =>
        Refusal is { } r ? r.ToResult() : Status == 201 ? TypedResults.Created(location(Value!), Value) : TypedResults.Ok(Value);
}

/// <summary>Thrown by a handler (or its middleware) that refuses a command before anything is written.</summary>
public sealed class RefusedException(Refusal refusal) : Exception(refusal.Detail)
{
    public Refusal Refusal { get; } = refusal;
}

/// <summary>
/// The one way every caller (HTTP endpoints, pages, jobs) sends a command: through Wolverine's bus to the command's handler,
/// whose transaction Wolverine's transactional middleware commits. This is the only place that turns a write that lost a
/// race (a stale expected version, a stream or document that another writer created first) into a 409.
/// </summary>
public static class CommandBus
{
    public static async Task<Outcome<T>> SendCommandAsync<T>(this IMessageBus bus, object command, CancellationToken ct)
    {
        try
        {
            return await bus.InvokeAsync<Outcome<T>>(command, ct);
        }
        catch (RefusedException refused)
        {
            return refused.Refusal;
        }
        catch (Exception ex) when (IsLostRace(ex))
        {
            return Refusal.Conflict(Domain.Say.It("lost_race", $"someone else changed it at the same moment and was first; reload it and try again"));
        }
    }

    /// <summary>A write that lost to a concurrent one: nothing of it was stored.</summary>
    public static bool IsLostRace(Exception ex) => ex is ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException or JasperFx.Events.ExistingStreamIdCollisionException
        or Marten.Exceptions.ExistingStreamIdCollisionException or DocumentAlreadyExistsException
        || (ex.InnerException is { } inner && IsLostRace(inner));
}

/// <summary>
/// A command sent on behalf of a signed-in person. <see cref="CommandAuthorization"/> checks its policy before its handler
/// runs, for every caller, with the very words the API's authorisation answers: a page's action is refused as the API's is.
/// </summary>
public interface IAuthorizedCommand
{
    /// <summary>The person and their roles today; null for the system's own callers (the CLI's operator, jobs).</summary>
    Principal? Principal { get; }

    /// <summary>The named policy (<see cref="Access.Policies"/>) the sender must satisfy.</summary>
    string Policy { get; }
}

/// <summary>Wolverine middleware on every <see cref="IAuthorizedCommand"/>: the policy check that the API and the pages share.</summary>
public static class CommandAuthorization
{
    public static void Before(Envelope envelope)
    {
        if (envelope.Message is IAuthorizedCommand { Principal: { } p } command && Access.Policies.Refusal(p, command.Policy) is { } refusal)
            throw new RefusedException(refusal);
    }
}

/// <summary>Problem answers of the API that no command produced (a request refused before it is sent).</summary>
public static class Problems
{
    public static ProblemHttpResult Unauthenticated() => Of(401, "Not signed in", "sign in first (POST /api/auth/token, or the sign-in page)");

    public static ProblemHttpResult Of(int status, string title, string detail) => new Refusal(status, title, detail).ToResult();

    public static ProblemHttpResult Field(int status, string title, string detail, string field) => new Refusal(status, title, detail, field).ToResult();
}
