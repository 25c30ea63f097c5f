using IsoEdms.Domain.Audit;
using JasperFx.Events;
using Marten;

namespace IsoEdms.Audit;

/// <summary>
/// Seals every event before it is stored, whoever appends it (HTTP, CLI, import, jobs): one place. Every append in the
/// code names its expected version (or starts a stream), so the version of each new event is known here.
/// </summary>
public sealed class EventSealing : DocumentSessionListenerBase
{
    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var stream in session.PendingChanges.Streams())
        {
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
            var version = before;
            foreach (var e in stream.Events)
            {
                version++;
                previous = EventChain.Seal(previous, stream.Id, version, e.Data, session.LastModifiedBy);
                e.SetHeader(EventChain.Header, previous);
            }
        }
    }

    public static string? SealOf(IEvent e) =>
        e.Headers is { } h && h.TryGetValue(EventChain.Header, out var v) ? v?.ToString() : null;
}
