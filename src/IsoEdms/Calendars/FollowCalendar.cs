using IsoEdms.Cases;
using IsoEdms.Domain.Calendars;
using IsoEdms.Procedures;
using JasperFx.Events;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace IsoEdms.Calendars;

/// <summary>Bring one open case to the calendar version in force (rule 24).</summary>
public sealed record FollowCalendar([property: JasperFx.Identity] Guid CaseId);

/// <summary>
/// The aggregate handler workflow on the case: the pure decider computes the due instants on the calendar in force and
/// records <see cref="CaseCalendarFollowed"/>. A person who acted on the case meanwhile wins the race; the next run of
/// the job looks again, so nothing is recorded twice.
/// </summary>
public static class FollowCalendarHandler
{
    public const string Follower = "system:calendar-follow";

    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) =>
        chain.OnException(ex => CommandBus.IsLostRace(ex)).Discard();

    public static async Task Handle(FollowCalendar command, [WriteAggregate(Required = false)] IEventStream<CaseDetails> stream, IDocumentSession session,
        CaseContexts contexts, PublishedDocuments docs, TimeProvider clock, ILogger<FollowCalendar> log, CancellationToken ct)
    {
        if (stream.Aggregate is not { } details) return;
        var state = await details.WriteModelAsync(session, ct);
        if (await session.Query<CalendarCatalogEntry>().FirstOrDefaultAsync(c => c.Calendar == state.Calendar, ct) is not { } entry || entry.Version <= state.CalendarVersion) return;
        var inForce = await docs.CalendarAsync(session, state.Calendar, entry.Version, ct);
        if (inForce is null) return;
        var ctx = await contexts.ForCaseAsync(session, state, ct);
        IReadOnlyList<object> events;
        try { events = CaseDecider.FollowCalendar(state, ctx, inForce, Follower, clock.GetUtcNow()); }
        catch (CalendarCoverageException ex) { log.LogWarning("calendar follow of {Code}: {Problem}", state.Code, ex.Message); return; }
        if (events.Count > 0) await CaseAppends.AppendAsync(session, stream, details, state, events, Follower, ct);
    }
}

/// <summary>
/// The Hangfire side (every minute, like the sweep): the open cases whose pinned calendar version is older than the one in
/// force, one command each. After a publication every open case on that calendar is sent once; then none.
/// </summary>
public sealed class CalendarFollowJob(IDocumentStore store, IMessageBus bus)
{
    public async Task RunAsync()
    {
        await using var q = store.QuerySession();
        foreach (var calendar in await q.Query<CalendarCatalogEntry>().ToListAsync())
        {
            var (name, version) = (calendar.Calendar, calendar.Version);
            var behind = await q.Query<CaseDetails>()
                .Where(x => (x.Status == CaseStatuses.InProgress || x.Status == CaseStatuses.Suspended) && x.Calendar == name && x.CalendarVersion < version)
                .Select(x => x.Id).ToListAsync();
            foreach (var id in behind) await bus.SendAsync(new FollowCalendar(id));
        }
    }
}
