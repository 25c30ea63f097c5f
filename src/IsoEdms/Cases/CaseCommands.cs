using IsoEdms.Audit;
using IsoEdms.Domain.Access;
using IsoEdms.Domain.Documents;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using JasperFx;
using JasperFx.Events;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace IsoEdms.Cases;

/// <summary>What a case command answers: the case as it is now (its <c>version</c> is the next expected version).</summary>
public sealed record CaseCommandResult(Guid Id, string Code, long Version, string Status, IReadOnlyList<string> Events, CaseDetails? Case)
{
    /// <summary>
    /// A new stream's events as the handler appended them, for the sender in this process to fold into the answer's case
    /// once the transaction committed (Marten sets their versions, timestamps and seals on these very objects); never sent.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<IEvent>? Started { get; init; }
}

/// <summary>One decision on an existing case: which pure decide function it calls, and with what.</summary>
public abstract record CaseAction
{
    public abstract CaseResult Decide(CaseState s, CaseContext ctx, string by, DateTimeOffset at);
}

public sealed record ClaimAction(string Step) : CaseAction
{
    public override CaseResult Decide(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => CaseDecider.Claim(s, Step, ctx, by, at);
}

public sealed record AssignAction(string Step, string Person) : CaseAction
{
    public override CaseResult Decide(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => CaseDecider.Assign(s, Step, Person, ctx, by, at);
}

public sealed record CompleteAction(string Step, string? Outcome) : CaseAction
{
    public override CaseResult Decide(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => CaseDecider.Complete(s, Step, Outcome, ctx, by, at);
}

public sealed record ReturnAction(string ToStep, string Reason) : CaseAction
{
    public override CaseResult Decide(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => CaseDecider.Return(s, ToStep, Reason, ctx, by, at);
}

public sealed record TransferAction(string ToUnit, string? Reason) : CaseAction
{
    public override CaseResult Decide(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => CaseDecider.Transfer(s, ToUnit, Reason, ctx, by, at);
}

public sealed record SuspendAction(SuspensionReason Reason, IReadOnlyList<string>? Items, string? Note) : CaseAction
{
    public override CaseResult Decide(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => CaseDecider.Suspend(s, Reason, Items, Note, ctx, by, at);
}

public sealed record ResumeAction : CaseAction
{
    public override CaseResult Decide(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => CaseDecider.Resume(s, ctx, by, at);
}

public sealed record ApologyAction(string Reason, DateTimeOffset NewAppointment, string ApprovedBy) : CaseAction
{
    public override CaseResult Decide(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => CaseDecider.Apologise(s, Reason, NewAppointment, ApprovedBy, ctx, by, at);
}

public sealed record RefuseAction(string Reason) : CaseAction
{
    public override CaseResult Decide(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => CaseDecider.Refuse(s, Reason, ctx, by, at);
}

public sealed record StopAction(string Reason) : CaseAction
{
    public override CaseResult Decide(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => CaseDecider.Stop(s, Reason, ctx, by, at);
}

/// <summary>
/// The message every decision on an existing case travels as, whoever sends it (API, pages): the case, the version the
/// sender read, who acts, and the action. <see cref="Principal"/> is the signed-in person whose policy is checked.
/// </summary>
public sealed record CaseCommand([property: Identity] Guid CaseId, long ExpectedVersion, string By, CaseAction Action, Principal? Principal = null)
    : IAuthorizedCommand
{
    public string Policy => Policies.Staff;

    /// <summary>The organisation's stamp, loaded in the same batch as the case (see <see cref="CaseCommandHandler"/>).</summary>
    public string OrgStampKey => OrgStamp.Key;
}

/// <summary>
/// Wolverine's aggregate handler workflow for case commands: the case (its inline <see cref="CaseDetails"/>, which carries
/// the write model and the last seal) is fetched for writing at the version the sender read, the pure decide function
/// runs, and its events are appended; Wolverine's transactional middleware commits them with the inline projections.
/// The version the sender read is compared here, so that an unknown case is a 404 and a stale one a 409 with the current
/// version; the commit still fails if anyone appended between this fetch and the commit.
/// </summary>
public static class CaseCommandHandler
{
    /// <param name="queued">
    /// Not read here: loaded in the fetch's batch so that the work queue's inline projection finds it in the session's
    /// identity map at commit instead of reading it in a round trip of its own (docs/write-path.md).
    /// </param>
    public static async Task<Outcome<CaseCommandResult>> Handle(
        CaseCommand command, [WriteAggregate(Required = false)] IEventStream<CaseDetails> stream,
        [Entity(nameof(CaseCommand.OrgStampKey), Required = false)] OrgStamp? stamp,
        [Entity(nameof(CaseCommand.CaseId), Required = false)] QueueItem? queued, IDocumentSession session,
        CaseContexts contexts, Notifications.Outgoing outgoing, IMessageContext bus, TimeProvider clock, CancellationToken ct)
    {
        if (stream.Aggregate is not { } details)
            return Refusal.Of(404, "Unknown case", Domain.Say.It("case_unknown", $"there is no case {command.CaseId}"));
        var state = await details.WriteModelAsync(session, ct);
        if (state.Version != command.ExpectedVersion)
            return Refusal.Conflict(Domain.Say.It("case_stale", $"the case is at version {state.Version:number}, you sent {command.ExpectedVersion:number}: someone changed it meanwhile; reload it and try again"), state.Version)
                with { Title = "The case changed" };
        var ctx = await contexts.ForCaseAsync(session, state, stamp, ct);
        var now = clock.GetUtcNow();
        var result = command.Action.Decide(state, ctx, command.By, now);
        if (!result.Ok && !result.RecordEvenIfRefused) return CaseRefusals.From(result.Error!, state);
        if (result.Events.Count > 0)
        {
            await CaseAppends.AppendAsync(session, stream, details, state, result.Events, command.By, ct);
        }
        if (!result.Ok) return CaseRefusals.From(result.Error!, state);
        // the inline projection applies the new events to this very document when the transaction commits (Marten's
        // identity map for aggregates fetched for writing), so the answer needs no second read
        var after = result.Events.Aggregate(state, (s, e) => s.Apply(e));
        if (outgoing.On && Domain.Notifications.Notices.For(result.Events) is { Count: > 0 } notices)
            await outgoing.QueueAsync(session, bus, new Notifications.NoticeCase(state.Id, state.Code, after.Version, details.Applicant, ctx.Definition, ctx.Calendar),
                notices, ctx.Org, step => details.CompletedBy(step), now);
        return Outcome<CaseCommandResult>.Done(new CaseCommandResult(state.Id, state.Code, after.Version, CaseStatuses.Of(after.Status),
            result.Events.Select(CaseEvents.Name).ToList(), details));
    }
}

/// <summary>
/// How every handler that writes an existing case (commands, the sweep, ratings) appends its events: as the one who
/// decided, sealed from the case document's last seal (or left to the listener, which reads the last event back, when
/// that is not at hand), with the nonconformities the events imply, all in the handler's transaction.
/// </summary>
public static class CaseAppends
{
    public static async Task AppendAsync(IDocumentSession session, IEventStream<CaseDetails> stream, CaseDetails details, CaseState state,
        IReadOnlyList<object> events, string by, CancellationToken ct)
    {
        session.LastModifiedBy = by;
        stream.AppendMany(events);
        if (details.LastSeal is { } last) EventSealing.Seal(stream.Events, stream.Id, state.Version, last, by);
        await Quality.NonconformityRaising.RaiseAsync(session, state, events, ct);
    }
}

/// <summary>Sending case commands: the API endpoints and the pages call these, nothing else writes a case.</summary>
public static class CaseCommands
{
    public static async Task<Outcome<CaseCommandResult>> SendAsync(IMessageBus bus, Principal principal, Guid id, long? version, CaseAction action, CancellationToken ct)
    {
        if (version is null)
            return Refusal.Of(400, "The case version is required", Domain.Say.It("case_version_required", $"send the 'version' of the case you read, so a change made meanwhile is not overwritten"), "version");
        return await bus.SendCommandAsync<CaseCommandResult>(new CaseCommand(id, version.Value, principal.Person, action, principal), ct);
    }

    /// <summary>For an endpoint: the signed-in person sends <paramref name="action"/>; the answer as HTTP.</summary>
    public static async Task<Results<Ok<CaseCommandResult>, ProblemHttpResult>> SendAsync(IMessageBus bus, HttpContext http, Guid id, long? version, CaseAction action, CancellationToken ct) =>
        (await SendAsync(bus, Scope.Of(http), id, version, action, ct)).ToOk();
}

/// <summary>Everything a decision on a case reads besides the case: its pinned procedure and calendar versions, and the organisation.</summary>
public sealed class CaseContexts(PublishedDocuments docs, OrgSnapshots org)
{
    public Task<CaseContext> ForCaseAsync(IQuerySession session, CaseState state, CancellationToken ct) => ForCaseAsync(session, state, null, ct);

    /// <summary>With the organisation's <paramref name="stamp"/> already read (null: read it now).</summary>
    public async Task<CaseContext> ForCaseAsync(IQuerySession session, CaseState state, OrgStamp? stamp, CancellationToken ct)
    {
        var pinned = await docs.ProcedureAsync(session, state.Procedure, state.ProcedureVersion, ct)
                     ?? throw new InvalidOperationException($"{state.Procedure} v{state.ProcedureVersion} pinned by case {state.Code} is not in the event store");
        var calendar = await docs.CalendarAsync(session, state.Calendar, state.CalendarVersion, ct)
                       ?? throw new InvalidOperationException($"calendar {state.Calendar} version {state.CalendarVersion} pinned by case {state.Code} is not in the event store");
        var snapshot = stamp is null ? await org.CurrentAsync(session, ct) : await org.ForStampAsync(session, stamp, ct);
        return new CaseContext(pinned.Definition, pinned.ContentHash, calendar, snapshot);
    }
}

public static class CaseRefusals
{
    public static Refusal From(CaseError error, CaseState? state = null)
    {
        var (status, title) = error.Kind switch
        {
            ErrorKind.NotFound => (404, "Not found"),
            ErrorKind.Conflict => (409, "Not possible in the case's current state"),
            ErrorKind.Forbidden => (403, "Not allowed for this person"),
            _ => (422, "Not allowed by the procedure"),
        };
        return new Refusal(status, title, error.Message, error.Field, state?.Version) { Said = error.Said };
    }
}

public static class CaseEvents
{
    public static Guid CaseIdFor(string receivingUnit, string code) => Canonical.StreamId("case", $"{receivingUnit}/{code}");

    public static string Name(object e) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(e.GetType().Name);
}
