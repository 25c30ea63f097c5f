using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Organisation;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using JasperFx.Events;
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

/// <summary>
/// The work-queue item of a case, folded by one function: the inline projection (Marten) and the bulk import (in memory)
/// both call <see cref="Evolve"/>. A closed case has no item; events after its closing (a rating, an erasure) leave it so.
/// </summary>
public sealed class WorkQueueProjection : SingleStreamProjection<QueueItem, Guid>
{
    public override QueueItem? Evolve(QueueItem? q, Guid id, IEvent e)
    {
        if (e.Data is CaseReceived r)
            return new QueueItem
            {
                Id = r.CaseId, Code = r.Code, Procedure = r.Procedure, Calendar = r.Calendar, Applicant = r.Applicant.Name,
                ReceivingUnit = r.ReceivingUnit, CaseDue = r.Due, CaseDueDate = r.DueDate,
            };
        if (q is null) return null;
        switch (e.Data)
        {
            case StepStarted x:
                q.Step = x.Step; q.Unit = x.Unit; q.Role = x.Role; q.Assignee = x.Assignee; q.StepStartedAt = x.At; q.StepDue = x.Due;
                q.StepBudgetHours = x.BudgetHours; q.StepOverdue = false; q.StopsClock = x.StopsClock;
                break;
            case StepOverdue: q.StepOverdue = true; break;
            case CaseOverdue: q.CaseOverdue = true; break;
            case StepAssigned x: q.Assignee = x.Assignee; break;
            case CaseTransferred x: q.Unit = x.ToUnit; q.Assignee = null; break;
            case CaseSuspended: q.Suspended = true; break;
            case CaseResumed x: q.Suspended = false; q.CaseDue = x.Due; q.CaseDueDate = x.DueDate; q.StepDue = x.StepDue; break;
            case CaseDueMoved x: q.CaseDue = x.Due; q.CaseDueDate = x.DueDate; break;
            case CaseCalendarFollowed x:
                q.CaseDue = x.Due; q.CaseDueDate = x.DueDate;
                if (x.Step == q.Step && x.StepDue is { } stepDue) q.StepDue = stepDue;
                break;
            case CaseFinished: q.AtDesk = true; break;
            case PersonalDataErased: q.Applicant = IsoEdms.Domain.Audit.PersonalData.ErasedText; break;
            case CaseDelivered or CaseRefused or CaseStopped: return null;
        }
        return q;
    }
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
