
namespace IsoEdms.Domain.Cases;

// A case (hồ sơ) is one stream. Every event carries who (By) and the business time (At); the store keeps the recorded
// time apart. Every key a projection groups by and every decision taken at that moment is in the event, so replay and
// rebuild never recompute history. Durations are in working minutes of the pinned calendar.

/// <summary>Every case event names its case, who acted and the business time.</summary>
public interface ICaseEvent
{
    Guid CaseId { get; }
    string By { get; }
    DateTimeOffset At { get; }
}

public enum SuspensionReason { Supplement, Financial, Verification }

/// <summary>
/// The applicant as the desk recorded them. <see cref="Email"/> came later: left out of the canonical JSON when absent, so
/// the commitments of receipts stored before it still verify.
/// </summary>
public sealed record Applicant(string Name, string? IdNumber = null, string? Phone = null, string? Address = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Email = null);

/// <summary>Form 01: the dossier was received and the appointment fixed.</summary>
/// <summary>
/// A dossier was received. <see cref="Applicant"/> is personal data; the seal commits to it through
/// <see cref="PersonalCommitment"/> (receipts stored before that have neither salt nor commitment and seal it directly).
/// </summary>
public sealed record CaseReceived(
    Guid CaseId, string Code, string Procedure, int Version, string ContentHash,
    string Calendar, int CalendarVersion, string ClassificationPolicy, SuspensionPolicy SuspensionPolicy, string TimeLimit,
    string ReceivingUnit, string LeadUnit, [property: Audit.PersonalData] Applicant Applicant, IReadOnlyList<string> Components,
    DateTimeOffset ReceivedAt, DateOnly ReceivedDate, DateTimeOffset ClockStart, DateTimeOffset Due, DateOnly DueDate, bool ReceivedInSystem,
    string By, DateTimeOffset At, string? PersonalSalt = null, string? PersonalCommitment = null) : ICaseEvent, Audit.IHoldsPersonalData;

/// <summary>
/// The applicant's personal data in this case was erased (Decree 13/2023/NĐ-CP): by whom, when, why, and which events
/// (their versions) were masked. The chain still verifies: those events' seals commit to the data without needing it.
/// </summary>
public sealed record PersonalDataErased(Guid CaseId, string Code, string Reason, IReadOnlyList<long> Versions, string By, DateTimeOffset At) : ICaseEvent;

public sealed record StepStarted(
    Guid CaseId, string Step, string Unit, string Role, string? Assignee, decimal BudgetHours, DateOnly Date, DateTimeOffset Due, DateOnly DueDate,
    bool StopsClock, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>A person took the step (claimed: themselves; otherwise assigned by the head of the unit).</summary>
public sealed record StepAssigned(Guid CaseId, string Step, string Unit, string Assignee, bool Claimed, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>A handover on the process-control slip (form 06): the step, who held it, and how it ran against its budget.</summary>
public sealed record StepCompleted(
    Guid CaseId, string Code, string Procedure, string Step, string Unit, string Role, string? Outcome, string Next,
    decimal BudgetHours, DateTimeOffset StartedAt, DateTimeOffset Due, DateOnly Date, int WorkingMinutesUsed,
    Timeliness.Timeliness? Classification, string ClassificationPolicy, string By, DateTimeOffset At) : ICaseEvent;

public sealed record CaseReturned(Guid CaseId, string FromStep, string ToStep, string Unit, string Reason, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>The current step moved to another unit (inter-agency step, or the dossier belongs elsewhere).</summary>
public sealed record CaseTransferred(Guid CaseId, string Step, string FromUnit, string ToUnit, string? Reason, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>
/// The clock stopped (form 02 for a supplement): the items asked for, and why. <see cref="Date"/> is the local date on the
/// case's calendar (absent from events stored before it was recorded).
/// </summary>
public sealed record CaseSuspended(
    Guid CaseId, SuspensionReason Reason, string Step, string Unit, IReadOnlyList<string> Items, string? Note, DateTimeOffset Due,
    string By, DateTimeOffset At, DateOnly? Date = null) : ICaseEvent;

/// <summary>The clock runs again; the new due instant was decided under <see cref="Policy"/>.</summary>
public sealed record CaseResumed(
    Guid CaseId, SuspensionReason Reason, SuspensionPolicy Policy, DateTimeOffset SuspendedAt, int WorkingMinutesPaused,
    DateTimeOffset PreviousDue, DateTimeOffset ClockStart, DateTimeOffset Due, DateOnly DueDate, string Step, DateTimeOffset StepDue, DateOnly StepDueDate,
    string By, DateTimeOffset At, DateOnly? Date = null) : ICaseEvent;

/// <summary>A step that stops the clock (e.g. tax determination) ended: its working time does not count against the case.</summary>
public sealed record CaseDueMoved(
    Guid CaseId, string Step, int WorkingMinutesExcluded, DateTimeOffset PreviousDue, DateTimeOffset Due, DateOnly DueDate,
    string By, DateTimeOffset At) : ICaseEvent;

/// <summary>Form 04: apology and new appointment, approved by the head of the unit; late when issued after <see cref="LatestTimelyDate"/>.</summary>
public sealed record ApologyIssued(
    Guid CaseId, string Unit, string Reason, DateTimeOffset NewAppointment, string ApprovedBy, DateTimeOffset Due, DateOnly DueDate,
    DateOnly LatestTimelyDate, bool Late, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>A second apology was asked for: the appointment may be reset at most once (rule 17); recorded, not applied.</summary>
public sealed record ApologyRepeatRefused(Guid CaseId, string Unit, string Reason, DateTimeOffset RequestedAppointment, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>Form 03.</summary>
public sealed record CaseRefused(Guid CaseId, string Code, string Procedure, string LeadUnit, string Step, string Unit, string Reason, DateOnly Date, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>Form 05.</summary>
public sealed record CaseStopped(Guid CaseId, string Code, string Procedure, string LeadUnit, string Step, string Unit, string Reason, DateOnly Date, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>The result reached the one-stop desk (the case reached its end step): the case is classified (rule 11-13).</summary>
public sealed record CaseFinished(
    Guid CaseId, string Code, string Procedure, int Version, string ReceivingUnit, string LeadUnit, DateTimeOffset ReceivedAt,
    DateTimeOffset Due, DateOnly DueDate, DateOnly FinishedDate, Timeliness.Timeliness Classification, string ClassificationPolicy,
    DateTimeOffset? Appointment, bool AppointmentMissed, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>The end step was completed: the result was handed to the applicant.</summary>
public sealed record CaseDelivered(Guid CaseId, string Code, string Unit, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>An imported action broke the pinned procedure and was stored as recorded; the auditors' conformance check lists it.</summary>
public sealed record ConformanceBreachRecorded(Guid CaseId, string Rule, string Detail, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>The deadline sweep found the current step past its due instant (recorded once per step run).</summary>
public sealed record StepOverdue(Guid CaseId, string Code, string Step, string Unit, string? Person, DateTimeOffset StartedAt, DateTimeOffset Due, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>The deadline sweep found the case past its due instant while in progress (recorded once).</summary>
public sealed record CaseOverdue(Guid CaseId, string Code, string LeadUnit, DateTimeOffset Due, DateOnly DueDate, DateOnly LatestTimelyDate, bool ApologyOnTime, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>The applicant rated the case against a survey template version (rule 21); low when the average is below the threshold.</summary>
public sealed record CaseRated(Guid CaseId, string Code, string LeadUnit, string Template, int TemplateVersion, IReadOnlyDictionary<string, int> Scores,
    decimal Average, int ScaleMax, decimal Threshold, bool Low, string? Comment, DateOnly Date, string By, DateTimeOffset At) : ICaseEvent;

/// <summary>
/// Rule 24: a calendar revision or a new year was published and the open case follows it from <see cref="At"/>: its
/// due instants as computed on calendar version <see cref="FromVersion"/> and on <see cref="ToVersion"/> (equal when the
/// revision does not touch them). Decisions from now on use the new version; what was recorded before stands.
/// </summary>
public sealed record CaseCalendarFollowed(
    Guid CaseId, string Calendar, int FromVersion, int ToVersion, DateTimeOffset PreviousDue, DateTimeOffset Due, DateOnly DueDate,
    string? Step, DateTimeOffset? PreviousStepDue, DateTimeOffset? StepDue, DateOnly? StepDueDate, string By, DateTimeOffset At) : ICaseEvent
{
    public bool Moved => Due != PreviousDue || StepDue != PreviousStepDue;
}
