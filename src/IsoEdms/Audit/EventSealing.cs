using IsoEdms.Domain.Audit;
using JasperFx.Events;

namespace IsoEdms.Audit;

/// <summary>
/// Seals every event before it is stored, whoever appends it: one place. The writers of case streams seal their events
/// themselves with <see cref="Seal"/> (a new stream, or the last seal kept in the case document they fetched for
/// writing): this listener runs after the inline projections, so a seal it sets would not reach the case document. For
/// every other stream it reads the last stored event's seal, and the stream's version too when the append named no
/// expected version (one more read; the appends of the code name theirs or start a stream).
/// </summary>
public sealed class EventSealing : DocumentSessionListenerBase
{
    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var stream in session.PendingChanges.Streams())
        {
            if (stream.Events.Count == 0 || stream.Events.All(e => SealOf(e) is not null)) continue;
            long before;
            string? previous = null;
            if (stream.ActionType == StreamActionType.Start) before = 0;
            else
            {
                before = stream.ExpectedVersionOnServer ?? (await session.Events.FetchStreamStateAsync(stream.Id, token))?.Version ?? 0;
                if (before > 0)
                {
                    var last = await session.Events.FetchStreamAsync(stream.Id, version: before, fromVersion: before, token: token);
                    previous = last.Count > 0 ? SealOf(last[0]) : null;
                }
            }
            Seal(stream.Events, stream.Id, before, previous, session.LastModifiedBy);
        }
    }

    /// <summary>Seals <paramref name="events"/>, appended after version <paramref name="before"/> whose seal is <paramref name="previous"/>.</summary>
    public static void Seal(IEnumerable<IEvent> events, Guid streamId, long before, string? previous, string? storedBy)
    {
        var version = before;
        foreach (var e in events)
        {
            version++;
            previous = EventChain.Seal(previous, streamId, version, e.Data, storedBy);
            e.SetHeader(EventChain.Header, previous);
        }
    }

    public static string? SealOf(IEvent e) =>
        e.Headers is { } h && h.TryGetValue(EventChain.Header, out var v) ? v?.ToString() : null;
}
