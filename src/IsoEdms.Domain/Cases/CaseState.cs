
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
        // one copy per event: every arm sets the next version in the same 'with' (this runs for every event a case has,
        // in each command, each import line and each rebuild)
        var v = Version + 1;
        return @event switch
        {
            StepStarted e => this with { Version = v, Current = new OpenStep(e.Step, e.Unit, e.Role, e.Assignee, e.BudgetHours, e.At, e.Due, e.StopsClock), Visited = [.. Visited, e.Step], LastAt = e.At },
            StepAssigned e => this with { Version = v, Current = Current! with { Assignee = e.Assignee }, LastAt = e.At },
            StepCompleted e => this with { Version = v, Current = null, LastAt = e.At },
            CaseReturned e => this with { Version = v, LastAt = e.At },
            CaseTransferred e => this with { Version = v, Current = Current! with { Unit = e.ToUnit, Assignee = null }, LastAt = e.At },
            CaseSuspended e => this with { Version = v, Status = CaseStatus.Suspended, Suspension = new Suspension(e.Reason, e.At), LastAt = e.At },
            CaseResumed e => this with
            {
                Version = v,
                Status = CaseStatus.InProgress, Suspension = null, Deadline = new Deadline(e.ClockStart, e.Due, e.DueDate),
                Current = Current! with { Due = e.StepDue }, LastAt = e.At,
            },
            CaseDueMoved e => this with { Version = v, Deadline = Deadline with { Due = e.Due, DueDate = e.DueDate }, LastAt = e.At },
            CaseCalendarFollowed e => this with
            {
                Version = v,
                CalendarVersion = e.ToVersion, Deadline = Deadline with { Due = e.Due, DueDate = e.DueDate },
                Current = Current is { } c && c.Id == e.Step && e.StepDue is { } stepDue ? c with { Due = stepDue } : Current,
            },
            ApologyIssued e => this with { Version = v, Apology = e, LastAt = e.At },
            ApologyRepeatRefused e => this with { Version = v, LastAt = e.At },
            CaseRefused e => this with { Version = v, Status = CaseStatus.Refused, Current = null, LastAt = e.At },
            CaseStopped e => this with { Version = v, Status = CaseStatus.Stopped, Current = null, LastAt = e.At },
            CaseFinished e => this with { Version = v, Status = CaseStatus.Finished, LastAt = e.At },
            CaseDelivered e => this with { Version = v, Status = CaseStatus.Delivered, LastAt = e.At },
            ConformanceBreachRecorded e => this with { Version = v, LastAt = e.At },
            StepOverdue e => this with { Version = v, StepOverdueFor = e.StartedAt },
            CaseOverdue => this with { Version = v, CaseOverdueRecorded = true },
            CaseRated => this with { Version = v, Rated = true },
            _ => this with { Version = v },
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
