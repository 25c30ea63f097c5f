using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Organisation;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using Marten.Events.Aggregation;

namespace IsoEdms.Cases;

/// <summary>The light of a queue item: its clock runs in good time, falls due within four working hours, or has passed due.</summary>
public static class QueueLights
{
    public const string OnTrack = "on_track", DueSoon = "due_soon", Overdue = "overdue";
}

/// <summary>The open step of a case, as a work queue shows it (inline; gone when the case is closed).</summary>
public sealed class QueueItem
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Procedure { get; set; } = "";
    public string Calendar { get; set; } = "";
    public string Applicant { get; set; } = "";
    public string ReceivingUnit { get; set; } = "";
    public string Step { get; set; } = "";
    public string Unit { get; set; } = "";
    public string Role { get; set; } = "";
    public string? Assignee { get; set; }
    public DateTimeOffset StepStartedAt { get; set; }
    public DateTimeOffset StepDue { get; set; }
    public DateTimeOffset CaseDue { get; set; }
    public DateOnly CaseDueDate { get; set; }
    public bool Suspended { get; set; }
    public bool AtDesk { get; set; }
    public decimal StepBudgetHours { get; set; }
    public bool StepOverdue { get; set; }
    public bool CaseOverdue { get; set; }

    /// <summary>The step stops the case's clock (e.g. tax determination): only the step's own due instant counts meanwhile.</summary>
    public bool StopsClock { get; set; }
}

public partial class WorkQueueProjection : SingleStreamProjection<QueueItem, Guid>
{
    public static QueueItem Create(CaseReceived e) => new()
    {
        Id = e.CaseId, Code = e.Code, Procedure = e.Procedure, Calendar = e.Calendar, Applicant = e.Applicant.Name,
        ReceivingUnit = e.ReceivingUnit, CaseDue = e.Due, CaseDueDate = e.DueDate,
    };

    public void Apply(StepStarted e, QueueItem q)
    {
        q.Step = e.Step; q.Unit = e.Unit; q.Role = e.Role; q.Assignee = e.Assignee; q.StepStartedAt = e.At; q.StepDue = e.Due;
        q.StepBudgetHours = e.BudgetHours; q.StepOverdue = false; q.StopsClock = e.StopsClock;
    }

    public void Apply(StepOverdue e, QueueItem q) => q.StepOverdue = true;
    public void Apply(CaseOverdue e, QueueItem q) => q.CaseOverdue = true;

    public void Apply(StepAssigned e, QueueItem q) => q.Assignee = e.Assignee;
    public void Apply(CaseTransferred e, QueueItem q) { q.Unit = e.ToUnit; q.Assignee = null; }
    public void Apply(CaseSuspended e, QueueItem q) => q.Suspended = true;
    public void Apply(CaseResumed e, QueueItem q) { q.Suspended = false; q.CaseDue = e.Due; q.CaseDueDate = e.DueDate; q.StepDue = e.StepDue; }
    public void Apply(CaseDueMoved e, QueueItem q) { q.CaseDue = e.Due; q.CaseDueDate = e.DueDate; }
    public void Apply(CaseCalendarFollowed e, QueueItem q)
    {
        q.CaseDue = e.Due; q.CaseDueDate = e.DueDate;
        if (e.Step == q.Step && e.StepDue is { } stepDue) q.StepDue = stepDue;
    }
    public void Apply(CaseFinished e, QueueItem q) => q.AtDesk = true;
    public void Apply(PersonalDataErased e, QueueItem q) => q.Applicant = IsoEdms.Domain.Audit.PersonalData.ErasedText;

    public bool ShouldDelete(CaseDelivered e) => true;
    public bool ShouldDelete(CaseRefused e) => true;
    public bool ShouldDelete(CaseStopped e) => true;
}

public sealed record QueueEntry(
    Guid Id, string Code, string Procedure, string Applicant, string Step, string Unit, string Role, string? Assignee,
    DateTimeOffset StepDue, DateTimeOffset CaseDue, DateOnly CaseDueDate, bool Suspended, bool AtDesk, string Light, int WorkingMinutesLeft);

/// <summary>The work queues as people read them (the pages and the endpoints alike), with their lights.</summary>
public static class WorkQueues
{
    public static readonly TimeSpan DueSoon = TimeSpan.FromHours(4);

    public static async Task<List<QueueEntry>> OfPersonAsync(IQuerySession session, PersonRecord p, DateTimeOffset now, CancellationToken ct)
    {
        var assignment = p.AssignmentOn(OrgLoad.LocalDate(now));
        var unit = assignment?.Unit ?? "";
        var roles = assignment?.Roles.ToArray() ?? [];
        var person = p.Code;
        var items = await session.Query<QueueItem>()
            .Where(x => x.Assignee == person || (x.Assignee == null && x.Unit == unit && roles.Contains(x.Role)))
            .OrderBy(x => x.StepDue).ToListAsync(ct);
        return await Light(session, items, now, ct);
    }

    public static async Task<List<QueueEntry>> OfUnitAsync(IQuerySession session, string unit, DateTimeOffset now, CancellationToken ct) =>
        await Light(session, await session.Query<QueueItem>().Where(x => x.Unit == unit).OrderBy(x => x.StepDue).ToListAsync(ct), now, ct);

    /// <summary>on_track, due_soon (within 4 working hours) or overdue, on the case's calendar (its latest published years).</summary>
    private static async Task<List<QueueEntry>> Light(IQuerySession session, IReadOnlyList<QueueItem> items, DateTimeOffset now, CancellationToken ct)
    {
        var calendars = new Dictionary<string, WorkingCalendar?>();
        var result = new List<QueueEntry>(items.Count);
        foreach (var q in items)
        {
            if (!calendars.TryGetValue(q.Calendar, out var cal)) calendars[q.Calendar] = cal = await Publishing.LoadCalendarAsync(session, q.Calendar, ct);
            var (light, left) = Classify(cal, q, now);
            result.Add(new QueueEntry(q.Id, q.Code, q.Procedure, q.Applicant, q.Step, q.Unit, q.Role, q.Assignee,
                q.StepDue, q.CaseDue, q.CaseDueDate, q.Suspended, q.AtDesk, light, left));
        }
        return result;
    }

    public static (string Light, int MinutesLeft) Classify(WorkingCalendar? cal, QueueItem q, DateTimeOffset now)
    {
        if (q.Suspended || q.AtDesk) return (QueueLights.OnTrack, 0);   // the clock is stopped, or the result waits at the desk
        // a step without a budget has no due instant of its own; inside a step that stops the clock the case's does not run
        var stepDue = q.StepBudgetHours > 0 ? q.StepDue : (DateTimeOffset?)null;
        if ((q.StopsClock ? stepDue : stepDue < q.CaseDue ? stepDue : q.CaseDue) is not { } due) return (QueueLights.OnTrack, 0);
        if (now > due) return (QueueLights.Overdue, 0);
        try
        {
            var left = cal is null ? due - now : cal.WorkingTimeBetween(now, due);
            return (left <= DueSoon ? QueueLights.DueSoon : QueueLights.OnTrack, (int)left.TotalMinutes);
        }
        catch (CalendarCoverageException) { return (QueueLights.OnTrack, (int)(due - now).TotalMinutes); }
    }
}

public static class WorkQueueEndpoints
{
    /// <summary>A person's queue: steps assigned to them, and unassigned steps of their roles in their units today.</summary>
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/queue/person/{person}")]
    public static async Task<Results<Ok<List<QueueEntry>>, ProblemHttpResult>> ForPerson(string person, HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<PersonRecord>(PersonRecord.StreamIdFor(person), ct) is not { } p)
            return Problems.Of(404, "Unknown person", $"'{person}' is not a person of the organisation");
        var now = clock.GetUtcNow();
        var today = OrgLoad.LocalDate(now);
        if (!Scope.Of(http).MayReadQueueOf(p, today))
            return Scope.Forbidden($"only {person}, the head of their unit and the quality and audit roles see this queue");
        return TypedResults.Ok(await WorkQueues.OfPersonAsync(session, p, now, ct));
    }

    /// <summary>A unit's queue: every open step held by the unit.</summary>
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/queue/unit/{unit}")]
    public static async Task<Results<Ok<List<QueueEntry>>, ProblemHttpResult>> ForUnit(string unit, HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (Scope.Unit(http, unit) is { } forbidden) return forbidden;
        if (await session.LoadAsync<UnitRecord>(UnitRecord.StreamIdFor(unit), ct) is null)
            return Problems.Of(404, "Unknown unit", $"'{unit}' is not a unit of the organisation");
        return TypedResults.Ok(await WorkQueues.OfUnitAsync(session, unit, clock.GetUtcNow(), ct));
    }
}
