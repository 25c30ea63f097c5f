using IsoEdms.Cases;
using IsoEdms.Domain.Calendars;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using IsoEdms.Quality;
using JasperFx.Events;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace IsoEdms.Monitoring;

/// <summary>Check one case against its deadlines now: record what is overdue (once) and remind of what is due soon.</summary>
public sealed record SweepCase([property: JasperFx.Identity] Guid CaseId);

/// <summary>An in-app notification for a person or a whole unit (not a business fact: a document, written once per id).</summary>
/// <summary>What a notification is about, and whom it is addressed to (a person, or everyone of a unit).</summary>
public static class NotificationKinds
{
    public const string StepOverdue = "overdue", CaseOverdue = "case_overdue", DueSoon = "due_soon";
    /// <summary>Escalations to the head of the unit holding the step: once when it becomes at risk, once when it runs past its due.</summary>
    public const string EscalatedAtRisk = "escalated_at_risk", EscalatedOverdue = "escalated_overdue";
    public const string ToPerson = "person", ToUnit = "unit";
}

public sealed class Notification
{
    public string Id { get; set; } = "";
    public string Recipient { get; set; } = "";
    public string RecipientKind { get; set; } = NotificationKinds.ToPerson;
    public Guid CaseId { get; set; }
    public string Code { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Message { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

public static class SweepCaseHandler
{
    public const string Sweeper = "system:deadline-sweep";

    /// <summary>
    /// Another sweep (or node) that recorded the same thing first, or a person who acted meanwhile, wins: the next sweep
    /// looks again. Nothing is recorded twice.
    /// </summary>
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) =>
        chain.OnException(ex => CommandBus.IsLostRace(ex)).Discard();

    public static async Task Handle(SweepCase command, [WriteAggregate(Required = false)] IEventStream<CaseDetails> stream, IDocumentSession session,
        CaseContexts contexts, Notifications.Outgoing outgoing, IMessageContext bus, TimeProvider clock, ILogger<SweepCase> log, CancellationToken ct)
    {
        if (stream.Aggregate is not { } details || await details.WriteModelAsync(session, ct) is not { Current: not null } state) return;
        var ctx = await contexts.ForCaseAsync(session, state, ct);
        var now = clock.GetUtcNow();
        IReadOnlyList<object> events;
        try { events = CaseDecider.Sweep(state, ctx, now, Sweeper); }
        catch (CalendarCoverageException ex) { log.LogWarning("sweep of {Code}: {Problem}", state.Code, ex.Message); return; }

        session.LastModifiedBy = Sweeper;
        if (events.Count > 0) await CaseAppends.AppendAsync(session, stream, details, state, events, Sweeper, ct);
        var notifications = Notify(state, events, ctx.Calendar, now).ToList();
        try { notifications.AddRange(Escalate(state, ctx, events, now)); }
        catch (CalendarCoverageException ex) { log.LogWarning("escalation of {Code}: {Problem}", state.Code, ex.Message); }
        foreach (var n in notifications)
        {
            session.Store(n);
            await outgoing.QueueAsync(session, bus, n, ctx.Org, now);
        }
    }

    /// <summary>
    /// The heads of the unit holding the step hear of it when it becomes at risk (rule 17) and when it runs past its due,
    /// once each: the notification's id names the step's run, so a second sweep writes the same document again.
    /// </summary>
    private static IEnumerable<Notification> Escalate(CaseState s, CaseContext ctx, IReadOnlyList<object> events, DateTimeOffset now)
    {
        if (s.Status != CaseStatus.InProgress || s.Current is not { } cur || cur.BudgetHours <= 0) yield break;
        var risk = Domain.Timeliness.Risk.Assess(s, ctx.Calendar, ctx.Definition.AtRiskAt ?? Domain.Timeliness.Risk.DefaultAtRiskAt, now);
        var overdue = events.OfType<StepOverdue>().Any();
        if (risk.State == Domain.Timeliness.RiskStates.OnTrack && !overdue) yield break;
        var (kind, words) = overdue || risk.State == Domain.Timeliness.RiskStates.Overdue
            ? (NotificationKinds.EscalatedOverdue, $"Hồ sơ {s.Code}: bước '{cur.Id}' đã quá hạn lúc {ctx.Calendar.ToLocal(cur.Due):HH:mm dd/MM/yyyy} / step overdue")
            : (NotificationKinds.EscalatedAtRisk, $"Hồ sơ {s.Code}: bước '{cur.Id}' có nguy cơ trễ, đã dùng {risk.Used:P0} thời hạn / step at risk");
        var today = ctx.Calendar.LocalDate(now);
        foreach (var head in ctx.Org.People.Where(p => ctx.Org.HoldsGrant(p, cur.Unit, Domain.Organisation.Grants.UnitHead, today)))
            yield return new Notification
            {
                Id = $"{kind}:{head.Code}:{s.Id:N}:{cur.Id}:{cur.StartedAt.UtcTicks}", Recipient = head.Code, RecipientKind = NotificationKinds.ToPerson,
                CaseId = s.Id, Code = s.Code, Kind = kind, Message = words, CreatedAt = now,
            };
    }

    private static IEnumerable<Notification> Notify(CaseState s, IReadOnlyList<object> events, WorkingCalendar cal, DateTimeOffset now)
    {
        var cur = s.Current!;
        var (recipient, kind) = cur.Assignee is { } a ? (a, NotificationKinds.ToPerson) : (cur.Unit, NotificationKinds.ToUnit);
        var stepKey = $"{s.Id:N}:{cur.Id}:{cur.StartedAt.UtcTicks}";
        foreach (var e in events)
        {
            if (e is StepOverdue o)
                yield return new Notification { Id = $"overdue:{stepKey}", Recipient = recipient, RecipientKind = kind, CaseId = s.Id, Code = s.Code, Kind = NotificationKinds.StepOverdue,
                    Message = $"Hồ sơ {s.Code}: bước '{o.Step}' đã quá hạn / step overdue", CreatedAt = now };
            if (e is CaseOverdue c)
                yield return new Notification { Id = $"case-overdue:{s.Id:N}", Recipient = s.LeadUnit, RecipientKind = NotificationKinds.ToUnit, CaseId = s.Id, Code = s.Code, Kind = NotificationKinds.CaseOverdue,
                    Message = $"Hồ sơ {s.Code} đã quá hạn trả kết quả ({c.DueDate:dd/MM/yyyy}) / case overdue", CreatedAt = now };
        }
        if (s.Status == CaseStatus.InProgress && cur.BudgetHours > 0 && now <= cur.Due && cal.WorkingTimeBetween(now, cur.Due) <= WorkQueues.DueSoon)
            yield return new Notification { Id = $"due-soon:{stepKey}", Recipient = recipient, RecipientKind = kind, CaseId = s.Id, Code = s.Code, Kind = NotificationKinds.DueSoon,
                Message = $"Hồ sơ {s.Code}: bước '{cur.Id}' đến hạn lúc {cal.ToLocal(cur.Due):HH:mm dd/MM/yyyy} / step due soon", CreatedAt = now };
    }
}

/// <summary>What the sweep job reads of a queue item.</summary>
public sealed record SweepCandidate(Guid Id, string Step, string Calendar, DateTimeOffset StepStartedAt, DateTimeOffset StepDue, decimal StepBudgetHours,
    DateOnly CaseDueDate, bool CaseOverdue, bool StepOverdue);

/// <summary>The Hangfire side of the sweep: find candidate cases, send one command per case, nothing else.</summary>
public sealed class DeadlineSweepJob(IDocumentStore store, IMessageBus bus, TimeProvider clock)
{
    public async Task RunAsync()
    {
        var now = clock.GetUtcNow();
        var today = Organisation.OrgLoad.LocalDate(now);
        await using var q = store.QuerySession();
        // due within 4 working hours can reach across a night or a weekend: a generous window of days for the query, then
        // working time on the calendar for each step (Worth);
        // a long step can be at risk weeks before its due instant, so steps due within 60 days are looked at too
        var soon = now.AddDays(4);
        var horizon = now.AddDays(60);
        var candidates = await q.Query<QueueItem>()
            .Where(x => !x.Suspended && !x.AtDesk && ((x.StepBudgetHours > 0 && !x.StepOverdue && x.StepDue < horizon) || (!x.CaseOverdue && x.CaseDueDate < today)))
            .Select(x => new SweepCandidate(x.Id, x.Step, x.Calendar, x.StepStartedAt, x.StepDue, x.StepBudgetHours, x.CaseDueDate, x.CaseOverdue, x.StepOverdue))
            .ToListAsync();
        var reminded = (await q.LoadManyAsync<Notification>(candidates.Select(c => $"due-soon:{c.Id:N}:{c.Step}:{c.StepStartedAt.UtcTicks}").ToArray()))
            .Select(n => n.CaseId).ToHashSet();
        var ids = candidates.Select(c => c.Id).ToArray();
        var escalated = (await q.Query<Notification>().Where(n => n.Kind == NotificationKinds.EscalatedAtRisk && ids.Contains(n.CaseId)).ToListAsync())
            .Select(n => n.Id[(n.Id.IndexOf(':', n.Id.IndexOf(':') + 1) + 1)..]).ToHashSet();   // "{case}:{step}:{ticks}" of the step's run
        var calendars = new Dictionary<string, WorkingCalendar?>();
        foreach (var c in candidates)
        {
            var overdue = (c.StepBudgetHours > 0 && c.StepDue < now && !c.StepOverdue) || (c.CaseDueDate < today && !c.CaseOverdue);
            if (overdue) { await bus.SendAsync(new SweepCase(c.Id)); continue; }
            if (c.StepBudgetHours <= 0 || c.StepDue < now) continue;
            if (!calendars.TryGetValue(c.Calendar, out var cal)) calendars[c.Calendar] = cal = await Publishing.LoadCalendarAsync(q, c.Calendar, CancellationToken.None);
            var dueSoon = c.StepDue < soon && !reminded.Contains(c.Id);
            var unescalated = !escalated.Contains($"{c.Id:N}:{c.Step}:{c.StepStartedAt.UtcTicks}");
            if ((dueSoon || unescalated) && Worth(cal, c, now, dueSoon, unescalated)) await bus.SendAsync(new SweepCase(c.Id));
        }
    }

    /// <summary>
    /// Whether the handler has something to do for a step not yet overdue, judged as it judges it on the case's calendar,
    /// so that a step that is neither due soon nor near its risk is not sent to it every minute for nothing: due within
    /// four working hours and not yet reminded (the handler's own test), or half the step's budget used and not yet
    /// escalated (no procedure says a step is at risk earlier than that; the handler judges it with the procedure's own
    /// threshold). Without the calendar, or past its years, the handler is left to decide (and to say what is missing).
    /// </summary>
    private static bool Worth(WorkingCalendar? cal, SweepCandidate c, DateTimeOffset now, bool dueSoon, bool unescalated)
    {
        if (cal is null) return dueSoon;
        try
        {
            var left = cal.WorkingTimeBetween(now, c.StepDue);
            return (dueSoon && left <= WorkQueues.DueSoon) || (unescalated && left.TotalHours <= (double)c.StepBudgetHours / 2);
        }
        catch (CalendarCoverageException) { return dueSoon; }
    }
}

public static class NotificationEndpoints
{
    /// <summary>A person's notifications: their own and their unit's, newest first.</summary>
    [Microsoft.AspNetCore.Authorization.Authorize(Policy = Access.Policies.Member)]
    [Wolverine.Http.WolverineGet("/api/notifications/{person}")]
    public static async Task<Results<Ok<IReadOnlyList<Notification>>, ProblemHttpResult>> Get(string person, HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Domain.Organisation.PersonRecord>(Domain.Organisation.PersonRecord.StreamIdFor(person), ct) is not { } p)
            return Problems.Of(404, "Unknown person", $"'{person}' is not a person of the organisation");
        var today = OrgLoad.Today(clock);
        if (!Access.Scope.Of(http).MayReadQueueOf(p, today))
            return Access.Scope.Forbidden($"only {person}, the head of their unit and the quality and audit roles see these notifications");
        var unit = p.AssignmentOn(today)?.Unit ?? "";
        var list = await session.Query<Notification>()
            .Where(n => (n.RecipientKind == NotificationKinds.ToPerson && n.Recipient == person) || (n.RecipientKind == NotificationKinds.ToUnit && n.Recipient == unit))
            .OrderByDescending(n => n.CreatedAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok(list);
    }
}
