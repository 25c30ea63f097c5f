
namespace IsoEdms.Domain.Cases;

public enum CaseStatus { InProgress, Suspended, Finished, Delivered, Refused, Stopped }

public sealed record OpenStep(string Id, string Unit, string Role, string? Assignee, decimal BudgetHours, DateTimeOffset StartedAt, DateTimeOffset Due, bool StopsClock);

public sealed record Suspension(SuspensionReason Reason, DateTimeOffset Since);

/// <summary>Write model of a case: only what decisions need. <see cref="Version"/> is the stream version.</summary>
public sealed record CaseState(
    Guid Id, string Code, string Procedure, int ProcedureVersion, string Calendar, int CalendarVersion,
    string ReceivingUnit, string LeadUnit, DateTimeOffset ReceivedAt, CaseStatus Status, Deadline Deadline, OpenStep? Current,
    IReadOnlyList<string> Visited, Suspension? Suspension, ApologyIssued? Apology, DateTimeOffset LastAt, int Version,
    DateTimeOffset? StepOverdueFor = null, bool CaseOverdueRecorded = false, bool Rated = false)
{
    public bool IsClosed => Status is CaseStatus.Delivered or CaseStatus.Refused or CaseStatus.Stopped;

    public static CaseState Create(CaseReceived e) => new(
        e.CaseId, e.Code, e.Procedure, e.Version, e.Calendar, e.CalendarVersion, e.ReceivingUnit, e.LeadUnit, e.ReceivedAt, CaseStatus.InProgress,
        new Deadline(e.ClockStart, e.Due, e.DueDate), null, [], null, null, e.At, 1);

    public CaseState Apply(object @event)
    {
        var s = this with { Version = Version + 1 };
        return @event switch
        {
            StepStarted e => s with { Current = new OpenStep(e.Step, e.Unit, e.Role, e.Assignee, e.BudgetHours, e.At, e.Due, e.StopsClock), Visited = [.. Visited, e.Step], LastAt = e.At },
            StepAssigned e => s with { Current = Current! with { Assignee = e.Assignee }, LastAt = e.At },
            StepCompleted e => s with { Current = null, LastAt = e.At },
            CaseReturned e => s with { LastAt = e.At },
            CaseTransferred e => s with { Current = Current! with { Unit = e.ToUnit, Assignee = null }, LastAt = e.At },
            CaseSuspended e => s with { Status = CaseStatus.Suspended, Suspension = new Suspension(e.Reason, e.At), LastAt = e.At },
            CaseResumed e => s with
            {
                Status = CaseStatus.InProgress, Suspension = null, Deadline = new Deadline(e.ClockStart, e.Due, e.DueDate),
                Current = Current! with { Due = e.StepDue }, LastAt = e.At,
            },
            CaseDueMoved e => s with { Deadline = Deadline with { Due = e.Due, DueDate = e.DueDate }, LastAt = e.At },
            CaseCalendarFollowed e => s with
            {
                CalendarVersion = e.ToVersion, Deadline = Deadline with { Due = e.Due, DueDate = e.DueDate },
                Current = Current is { } c && c.Id == e.Step && e.StepDue is { } stepDue ? c with { Due = stepDue } : Current,
            },
            ApologyIssued e => s with { Apology = e, LastAt = e.At },
            ApologyRepeatRefused e => s with { LastAt = e.At },
            CaseRefused e => s with { Status = CaseStatus.Refused, Current = null, LastAt = e.At },
            CaseStopped e => s with { Status = CaseStatus.Stopped, Current = null, LastAt = e.At },
            CaseFinished e => s with { Status = CaseStatus.Finished, LastAt = e.At },
            CaseDelivered e => s with { Status = CaseStatus.Delivered, LastAt = e.At },
            ConformanceBreachRecorded e => s with { LastAt = e.At },
            StepOverdue e => s with { StepOverdueFor = e.StartedAt },
            CaseOverdue => s with { CaseOverdueRecorded = true },
            CaseRated => s with { Rated = true },
            _ => s,
        };
    }

    public static CaseState? Fold(IEnumerable<object> events)
    {
        CaseState? state = null;
        foreach (var e in events)
            state = state is null ? e is CaseReceived r ? Create(r) : null : state.Apply(e);
        return state;
    }
}
