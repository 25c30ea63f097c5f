using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;
using IsoEdms.Infrastructure;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using JasperFx;
using Marten;

namespace IsoEdms.Cases;

/// <summary>What a case command answers: the case as it is now (its <c>version</c> is the next expected version).</summary>
public sealed record CaseCommandResult(Guid Id, string Code, long Version, string Status, IReadOnlyList<string> Events, CaseDetails? Case);

/// <summary>
/// The one path every case command takes (HTTP, CLI, import): load the case and what its decisions read (the pinned
/// procedure version, the pinned calendar version, the organisation), call the pure decide function, append the events
/// at the expected stream version. Errors become ProblemDetails: 404 / 409 / 403 / 422 with the field at fault.
/// </summary>
public static class CaseWriting
{
    public static Guid CaseIdFor(string receivingUnit, string code) => Canonical.StreamId("case", $"{receivingUnit}/{code}");

    public static async Task<CaseState?> LoadStateAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        return CaseState.Fold(events.Select(e => e.Data));
    }

    /// <summary>The pinned procedure version and its hash; null when it is not published.</summary>
    public static async Task<PublishedVersion?> LoadDefinitionAsync(IQuerySession session, string code, int version, CancellationToken ct) =>
        (await Publishing.LoadHistoryAsync(session, code, ct)) is { } h && h.Versions.TryGetValue(version, out var v) ? v : null;

    public static async Task<IResult> ExecuteAsync(
        HttpContext http, IDocumentSession session, TimeProvider clock, PublishedDocuments docs, Guid id, long? expectedVersion,
        Func<CaseState, CaseContext, string, DateTimeOffset, CaseResult> decide, IEnumerable<string?> people, CancellationToken ct)
    {
        var by = Actor.From(http);
        if (by is null) return Problems.Unauthenticated();
        if (expectedVersion is null) return Problems.Field(400, "The case version is required", "send the 'version' of the case you read, so a change made meanwhile is not overwritten", "version");
        var state = await LoadStateAsync(session, id, ct);
        if (state is null) return Results.Problem(statusCode: 404, title: "Unknown case", detail: $"there is no case {id}");
        if (state.Version != expectedVersion)
            return Problems.Conflict(state, $"the case is at version {state.Version}, you sent {expectedVersion}: someone changed it meanwhile; reload it and try again");
        var pinned = await docs.ProcedureAsync(session, state.Procedure, state.ProcedureVersion, ct)
                     ?? throw new InvalidOperationException($"{state.Procedure} v{state.ProcedureVersion} pinned by case {state.Code} is not in the event store");
        var calendar = await docs.CalendarAsync(session, state.Calendar, state.CalendarVersion, ct)
                       ?? throw new InvalidOperationException($"calendar {state.Calendar} version {state.CalendarVersion} pinned by case {state.Code} is not in the event store");
        var org = await OrgLoad.SnapshotFor(session, people.Append(by), ct);
        var result = decide(state, new CaseContext(pinned.Definition, pinned.ContentHash, calendar, org), by, clock.GetUtcNow());
        if (!result.Ok && !result.RecordEvenIfRefused) return Problems.From(result.Error!, state);
        if (result.Events.Count > 0)
        {
            session.LastModifiedBy = by;
            session.Events.Append(id, state.Version + result.Events.Count, result.Events.ToArray());
            await Quality.NonconformityRaising.RaiseAsync(session, state, result.Events, streamsAreNew: false, ct);
            try { await session.SaveChangesAsync(ct); }
            catch (Exception ex) when (ex is ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException)
            {
                session.EjectAllPendingChanges();
                return Problems.Conflict(state, "someone else changed the case at the same moment and was first; reload it and try again");
            }
        }
        if (!result.Ok) return Problems.From(result.Error!, state);
        var details = await session.LoadAsync<CaseDetails>(id, ct);
        return Results.Ok(new CaseCommandResult(id, state.Code, state.Version + result.Events.Count, details?.Status ?? "",
            result.Events.Select(EventName).ToList(), details));
    }

    public static string EventName(object e) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(e.GetType().Name);
}

public static class Problems
{
    public static IResult Unauthenticated() =>
        Results.Problem(statusCode: 401, title: "Not signed in", detail: "sign in first (POST /api/auth/token, or the sign-in page)");

    public static IResult Field(int status, string title, string detail, string field) =>
        Results.Problem(statusCode: status, title: title, detail: detail,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });

    public static IResult Conflict(CaseState state, string detail) =>
        Results.Problem(statusCode: 409, title: "The case changed", detail: detail,
            extensions: new Dictionary<string, object?> { ["current_version"] = state.Version });

    public static IResult From(CaseError error, CaseState? state = null)
    {
        var (status, title) = error.Kind switch
        {
            ErrorKind.NotFound => (404, "Not found"),
            ErrorKind.Conflict => (409, "Not possible in the case's current state"),
            ErrorKind.Forbidden => (403, "Not allowed for this person"),
            _ => (422, "Not allowed by the procedure"),
        };
        var ext = new Dictionary<string, object?>();
        if (error.Field is not null) ext["errors"] = new Dictionary<string, string[]> { [error.Field] = [error.Message] };
        if (state is not null) ext["current_version"] = state.Version;
        return Results.Problem(statusCode: status, title: title, detail: error.Message, extensions: ext);
    }
}
