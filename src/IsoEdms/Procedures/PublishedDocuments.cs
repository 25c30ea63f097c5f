using System.Collections.Concurrent;
using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Procedures;

namespace IsoEdms.Procedures;

/// <summary>
/// Published procedure versions and calendar versions never change, so the ones cases pin are kept in memory once read.
/// Keyed by database as well, so each province's database (tenancy) and every node stay correct; nothing here must be
/// unique to one process: a cold cache only costs a read.
/// </summary>
public sealed class PublishedDocuments
{
    private readonly ConcurrentDictionary<(string, string, int), PublishedVersion> _procedures = new();
    private readonly ConcurrentDictionary<(string, string, int), WorkingCalendar> _calendars = new();

    public async Task<PublishedVersion?> ProcedureAsync(IQuerySession session, string code, int version, CancellationToken ct)
    {
        var key = (session.Database.Id.ToString(), code, version);
        if (_procedures.TryGetValue(key, out var cached)) return cached;
        var loaded = await LoadDefinitionAsync(session, code, version, ct);
        if (loaded is not null) _procedures[key] = loaded;
        return loaded;
    }

    /// <summary>A published procedure version and its hash, read from the procedure's stream; null when it is not published.</summary>
    public static async Task<PublishedVersion?> LoadDefinitionAsync(IQuerySession session, string code, int version, CancellationToken ct) =>
        (await Publishing.LoadHistoryAsync(session, code, ct)) is { } h && h.Versions.TryGetValue(version, out var v) ? v : null;

    public async Task<WorkingCalendar?> CalendarAsync(IQuerySession session, string calendar, int version, CancellationToken ct)
    {
        var key = (session.Database.Id.ToString(), calendar, version);
        if (_calendars.TryGetValue(key, out var cached)) return cached;
        var loaded = await Publishing.LoadCalendarAsync(session, calendar, ct, version);
        if (loaded is not null && loaded.Version == version) _calendars[key] = loaded;
        return loaded;
    }
}
