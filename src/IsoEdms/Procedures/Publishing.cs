using IsoEdms.Calendars;
using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Procedures;

namespace IsoEdms.Procedures;

/// <summary>
/// What a publication did, a line per file and a last line: <see cref="Lines"/> in English (the API and the command line's
/// English), <see cref="Sentences"/> the same lines as sentences by code, each line one or more sentences joined by a space,
/// which the pages and the command line word in their language.
/// </summary>
public sealed record PublishReport(bool Ok, int Published, int Unchanged, IReadOnlyList<string> Lines)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<IReadOnlyList<Domain.Said>> Sentences { get; init; } = [];

    public static PublishReport Of(bool ok, int published, int unchanged, IReadOnlyList<IReadOnlyList<Domain.Said>> sentences) =>
        new(ok, published, unchanged, [.. sentences.Select(l => string.Join(" ", l.Select(s => s.English)))]) { Sentences = sentences };
}

/// <summary>
/// Publishing controlled documents into the event store, for the CLI and the HTTP API alike. All or nothing: when
/// any file is invalid or refused, nothing is written. Each stream is appended with its expected version, so two
/// publishers racing on one procedure cannot both win.
/// </summary>
public static class Publishing
{
    public static async Task<PublishReport> PublishCalendarsAsync(IDocumentSession session, ProcessSet set, string by, DateTimeOffset now, CancellationToken ct)
    {
        if (set.Errors.Count > 0) return Invalid(set);
        var lines = new List<IReadOnlyList<Domain.Said>>();
        int published = 0, unchanged = 0;
        var refused = false;
        foreach (var group in set.Calendars.GroupBy(c => c.Value.Calendar))
        {
            var id = CalendarHistory.StreamIdFor(group.Key);
            var events = await session.Events.FetchStreamAsync(id, token: ct);
            var history = CalendarHistory.Fold(group.Key, events.Select(e => e.Data));
            var version = events.Count;
            var toAppend = new List<object>();
            foreach (var file in group.OrderBy(c => c.Value.Year))
            {
                switch (CalendarPublishing.Publish(history, file.Value, file.Path, by, now))
                {
                    case Decision.Append a:
                        foreach (var e in a.Events.OfType<CalendarYearPublished>()) history = history.Apply(e);
                        toAppend.AddRange(a.Events);
                        published++;
                        lines.Add([file.Value.Provisional
                            ? Domain.Say.It("published_calendar_year_provisional", $"published {file.Value.Calendar:code} {file.Value.Year:number} revision {file.Value.Revision:number} (provisional)")
                            : Domain.Say.It("published_calendar_year", $"published {file.Value.Calendar:code} {file.Value.Year:number} revision {file.Value.Revision:number}")]);
                        break;
                    case Decision.NoChange n: unchanged++; lines.Add([Domain.Say.It("publish_unchanged", $"unchanged"), n.Said]); break;
                    case Decision.Refused r: refused = true; lines.Add([Domain.Say.It("publish_file_refused", $"{file.Path:code}: refused:"), r.Said]); break;
                }
            }
            if (toAppend.Count == 0) continue;
            if (version == 0) session.Events.StartStream<CalendarCatalogEntry>(id, toAppend.ToArray());
            else session.Events.Append(id, version + toAppend.Count, toAppend.ToArray());
        }
        return Finish(session, refused, published, unchanged, lines);
    }

    public static async Task<PublishReport> PublishProceduresAsync(IDocumentSession session, ProcessSet set, string by, DateTimeOffset now, CancellationToken ct)
    {
        if (set.Errors.Count > 0) return Invalid(set);
        var lines = new List<IReadOnlyList<Domain.Said>>();
        int published = 0, unchanged = 0;
        var refused = false;
        var org = await Organisation.OrgLoad.Snapshot(session, ct);
        var today = Organisation.OrgLoad.LocalDate(now);
        var calendarIds = set.Procedures.Select(p => p.Value.Calendar).Distinct().ToList();
        var publishedCalendars = new HashSet<string>();
        foreach (var cal in calendarIds)
            if (await session.LoadAsync<CalendarCatalogEntry>(CalendarHistory.StreamIdFor(cal), ct) is { Years.Count: > 0 })
                publishedCalendars.Add(cal);

        foreach (var group in set.Procedures.GroupBy(p => p.Value.Code))
        {
            var id = ProcedureHistory.StreamIdFor(group.Key);
            var events = await session.Events.FetchStreamAsync(id, token: ct);
            var history = ProcedureHistory.Fold(group.Key, events.Select(e => e.Data));
            var toAppend = new List<object>();
            foreach (var file in group.OrderBy(p => p.Value.Version))
            {
                if (!publishedCalendars.Contains(file.Value.Calendar))
                {
                    refused = true;
                    lines.Add([Domain.Say.It("publish_file_refused", $"{file.Path:code}: refused:"),
                        Domain.Say.It("publish_calendar_first", $"calendar '{file.Value.Calendar:code}' is not published; run 'calendars publish' first")]);
                    continue;
                }
                switch (ProcedurePublishing.Publish(history, file.Value, set.Approvals.GetValueOrDefault(file.Path), org, today, file.Path, by, now))
                {
                    case Decision.Append a:
                        foreach (var e in a.Events.OfType<ProcedureVersionPublished>()) history = history.Apply(e);
                        foreach (var e in a.Events.OfType<ProcedureVersionApproved>()) history = history.Apply(e);
                        toAppend.AddRange(a.Events);
                        published++;
                        lines.Add([Domain.Say.It("published_procedure_version", $"published {file.Value.Code:code} v{file.Value.Version:number}")]);
                        break;
                    case Decision.NoChange n: unchanged++; lines.Add([Domain.Say.It("publish_unchanged", $"unchanged"), n.Said]); break;
                    case Decision.Refused r: refused = true; lines.Add([Domain.Say.It("publish_file_refused", $"{file.Path:code}: refused:"), r.Said]); break;
                }
            }
            if (toAppend.Count == 0) continue;
            if (events.Count == 0) session.Events.StartStream<ProcedureCatalogEntry>(id, toAppend.ToArray());
            else session.Events.Append(id, events.Count + toAppend.Count, toAppend.ToArray());
        }
        return Finish(session, refused, published, unchanged, lines);
    }

    public static async Task<(bool Ok, string Message)> RetireAsync(IDocumentSession session, string code, int version, string reason, string by, DateTimeOffset now, CancellationToken ct)
    {
        var id = ProcedureHistory.StreamIdFor(code);
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        if (events.Count == 0) return (false, $"procedure '{code}' is not published");
        var history = ProcedureHistory.Fold(code, events.Select(e => e.Data));
        switch (ProcedurePublishing.Retire(history, version, reason, by, now))
        {
            case Decision.Append a:
                session.Events.Append(id, events.Count + a.Events.Count, a.Events.ToArray());
                return (true, $"retired {code} v{version}");
            case Decision.NoChange n: return (true, n.Reason);
            case Decision.Refused r: return (false, r.Reason);
            default: throw new InvalidOperationException();
        }
    }

    /// <summary>A procedure's published versions, folded from its own stream.</summary>
    public static async Task<ProcedureHistory?> LoadHistoryAsync(IQuerySession session, string code, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(ProcedureHistory.StreamIdFor(code), token: ct);
        return events.Count == 0 ? null : ProcedureHistory.Fold(code, events.Select(e => e.Data));
    }

    public static async Task<WorkingCalendar?> LoadCalendarAsync(IQuerySession session, string calendar, CancellationToken ct, int? version = null)
    {
        var events = await session.Events.FetchStreamAsync(CalendarHistory.StreamIdFor(calendar), token: ct);
        var history = CalendarHistory.Fold(calendar, events.Select(e => e.Data), version);
        return history.Years.Count == 0 ? null : history.ToWorkingCalendar();
    }

    private static PublishReport Invalid(ProcessSet set) =>
        PublishReport.Of(false, 0, 0, [.. set.Errors.Select(e => (IReadOnlyList<Domain.Said>)[
                Domain.Say.It("file_problem", $"{e.Path:code}:{e.Line:number}:{e.Column:number}:"),
                e.Said ?? new Domain.Said("", e.Message, [])]),
            [Domain.Say.It("nothing_published_errors", $"nothing was published: {set.Errors.Count:number} error(s)")]]);

    /// <summary>The report; the appends are staged on the session, for the caller's transaction to commit (nothing when refused).</summary>
    private static PublishReport Finish(IDocumentSession session, bool refused, int published, int unchanged, List<IReadOnlyList<Domain.Said>> lines)
    {
        if (refused)
        {
            session.EjectAllPendingChanges();
            lines.Add([Domain.Say.It("nothing_published_refused", $"nothing was published: fix the refused file(s) and publish again")]);
            return PublishReport.Of(false, 0, unchanged, lines);
        }
        lines.Add([Domain.Say.It("published_count", $"{published:number} published, {unchanged:number} unchanged")]);
        return PublishReport.Of(true, published, unchanged, lines);
    }
}
