using IsoEdms.Cases;
using IsoEdms.Domain.Audit;
using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using IsoEdms.Quality;

namespace IsoEdms.Audit;

public sealed record HistoryEntry(long Version, long Sequence, string Type, DateTimeOffset At, DateTimeOffset RecordedAt, string By, string? Unit,
    string? StoredBy, string? CorrelationId, string? CausationId, int ProcedureVersion, string Seal);

public sealed record AsOfView(Guid Id, string Code, string Procedure, int ProcedureVersion, long Version, DateTimeOffset? AsOf, string Status,
    string? CurrentStep, string? CurrentUnit, string? Holder, DateTimeOffset? StepDue, DateTimeOffset Due, DateOnly DueDate,
    string? SuspendedFor, DateTimeOffset? SuspendedSince, DateTimeOffset? NewAppointment, bool? ApologyLate, DateTimeOffset LastAction);

/// <summary>What auditors read: the history of a case, its state as of a moment, its conformance to the pinned procedure.</summary>
public static class CaseAudit
{
    public static async Task<(Guid? Id, string? Error, int Status)> ResolveAsync(IQuerySession session, string idOrCode, CancellationToken ct)
    {
        if (Guid.TryParse(idOrCode, out var id))
            return await session.LoadAsync<CaseDetails>(id, ct) is null ? (null, $"there is no case {id}", 404) : (id, null, 200);
        var matches = await session.Query<CaseDetails>().Where(x => x.Code == idOrCode).Select(x => x.Id).ToListAsync(ct);
        return matches.Count switch
        {
            0 => (null, $"no case has the code {idOrCode}", 404),
            1 => (matches[0], null, 200),
            _ => (null, $"{matches.Count} cases have the code {idOrCode}: use the case id", 409),
        };
    }

    public static async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        var people = new Dictionary<string, PersonRecord?>();
        var procedureVersion = (events.Count > 0 ? events[0].Data as CaseReceived : null)?.Version ?? 0;
        var list = new List<HistoryEntry>();
        foreach (var e in events)
        {
            var ce = e.Data as ICaseEvent;
            var by = ce?.By ?? e.UserName ?? "";
            if (!people.TryGetValue(by, out var p)) people[by] = p = await session.LoadAsync<PersonRecord>(PersonRecord.StreamIdFor(by), ct);
            var at = ce?.At ?? e.Timestamp;
            var unit = p?.AssignmentOn(OrgLoad.LocalDate(at))?.Unit;
            list.Add(new HistoryEntry(e.Version, e.Sequence, e.EventTypeName, at, e.Timestamp, by, unit, e.UserName, e.CorrelationId, e.CausationId,
                procedureVersion, EventSealing.SealOf(e) ?? ""));
        }
        return list;
    }

    /// <summary>The case as it stood at a business moment (or after stream version N), folded from the events up to it.</summary>
    public static async Task<AsOfView?> AsOfAsync(IQuerySession session, Guid id, DateTimeOffset? asOf, long? version, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        var upTo = events.TakeWhile(e => (version is null || e.Version <= version) && (asOf is null || (e.Data as ICaseEvent)?.At <= asOf)).Select(e => e.Data).ToList();
        if (CaseState.Fold(upTo) is not { } s) return null;
        return new AsOfView(s.Id, s.Code, s.Procedure, s.ProcedureVersion, s.Version, asOf, CaseDetailsProjection.Snake(s.Status.ToString()),
            s.Current?.Id, s.Current?.Unit, s.Current?.Assignee, s.Current?.Due, s.Deadline.Due, s.Deadline.DueDate,
            s.Suspension is { } sus ? CaseDetailsProjection.Snake(sus.Reason.ToString()) : null, s.Suspension?.Since, s.Apology?.NewAppointment, s.Apology?.Late, s.LastAt);
    }

    public static async Task<IReadOnlyList<Finding>> ConformanceAsync(IQuerySession session, string? unit, DateOnly? from, DateOnly? to, Action<int>? progress, CancellationToken ct)
    {
        IQueryable<CaseDetails> q = session.Query<CaseDetails>();
        if (unit is not null) q = q.Where(x => x.ReceivingUnit == unit || x.LeadUnit == unit);
        if (from is { } f) q = q.Where(x => x.ReceivedDate >= f);
        if (to is { } t) q = q.Where(x => x.ReceivedDate <= t);
        var ids = await q.OrderBy(x => x.ReceivedAt).Select(x => x.Id).ToListAsync(ct);
        return await CheckCasesAsync(session, ids, progress, ct);
    }

    /// <summary>Each case replayed against the procedure version it ran under and the organisation: the findings of all.</summary>
    public static async Task<IReadOnlyList<Finding>> CheckCasesAsync(IQuerySession session, IReadOnlyList<Guid> ids, Action<int>? progress, CancellationToken ct)
    {
        var org = await OrgLoad.Snapshot(session, ct);
        var definitions = new Dictionary<(string, int), PublishedVersion?>();
        var calendars = new Dictionary<(string, int), WorkingCalendar?>();
        var findings = new List<Finding>();
        var done = 0;
        foreach (var id in ids)
        {
            var events = await session.Events.FetchStreamAsync(id, token: ct);
            if (events.Count == 0 || events[0].Data is not CaseReceived r) continue;
            if (!definitions.TryGetValue((r.Procedure, r.Version), out var def)) definitions[(r.Procedure, r.Version)] = def = await PublishedDocuments.LoadDefinitionAsync(session, r.Procedure, r.Version, ct);
            if (!calendars.TryGetValue((r.Calendar, r.CalendarVersion), out var cal)) calendars[(r.Calendar, r.CalendarVersion)] = cal = await Publishing.LoadCalendarAsync(session, r.Calendar, ct, r.CalendarVersion);
            if (def is null || cal is null) continue;
            findings.AddRange(Conformance.Check(events.Select(e => (e.Version, e.Data)).ToList(), def.Definition, org, cal));
            if (++done % 500 == 0) progress?.Invoke(done);
        }
        return findings;
    }

    /// <summary>Raise findings as nonconformities (source audit_finding), each once: its id derives from the case, event and rule.</summary>
    public static async Task<int> RaiseAsync(IDocumentSession session, IReadOnlyList<Finding> findings, string by, DateTimeOffset now, CancellationToken ct)
    {
        var raised = 0;
        var leads = new Dictionary<Guid, string>();
        foreach (var f in findings)
        {
            var id = Nonconformities.IdFor($"audit:{f.CaseId}:{f.Version}:{f.Kind}");
            if (await session.Events.FetchStreamStateAsync(id, ct) is not null) continue;
            if (!leads.TryGetValue(f.CaseId, out var unit)) leads[f.CaseId] = unit = (await session.LoadAsync<CaseDetails>(f.CaseId, ct))?.LeadUnit ?? "";
            session.Events.StartStream<NonconformityView>(id, new NonconformityRaised(id, $"NC-{f.CaseCode}-A{f.Version}", NcSources.AuditFinding,
                f.Kind is FindingKinds.LateWithoutApology or FindingKinds.SecondExtension or FindingKinds.ActorNotAuthorised ? Severities.Major : Severities.Minor,
                unit, null, f.CaseId, f.CaseCode, null, $"{f.Kind}: {f.Detail} (event v{f.Version} {f.EventType})", by, now));
            raised++;
        }
        return raised;   // staged on the session: the caller's transaction commits them
    }
}
