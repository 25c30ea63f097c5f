namespace IsoEdms.Domain.Quality;

// ISO 9001 8.7 and 10.2: one stream per nonconformity and one per corrective action.

public static class NcSources
{
    public const string CaseLate = "case_late", StepLate = "step_late", ApologyMissing = "apology_missing", ApologyLate = "apology_late",
        ReceivedOutsideSystem = "received_outside_system", LowSatisfaction = "low_satisfaction", AuditFinding = "audit_finding",
        Complaint = "complaint", Manual = "manual";

    public static readonly string[] All = [CaseLate, StepLate, ApologyMissing, ApologyLate, ReceivedOutsideSystem, LowSatisfaction, AuditFinding, Complaint, Manual];

    /// <summary>Sources a person may raise by hand; the others are raised by the system when a rule is broken.</summary>
    public static readonly string[] RaisedByHand = [AuditFinding, Complaint, Manual];
}

/// <summary>How grave a nonconformity is: major when the citizen was not told in time or a second promise was broken.</summary>
public static class Severities
{
    public const string Minor = "minor", Major = "major";

    public static readonly string[] All = [Minor, Major];
}

/// <summary>Where a nonconformity or corrective action stands (the register's status column).</summary>
public static class RecordStatuses
{
    public const string Open = "open", Closed = "closed";

    public static readonly string[] All = [Open, Closed];
}

public sealed record NonconformityRaised(
    Guid NcId, string Code, string Source, string Severity, string Unit, string? Person, Guid? CaseId, string? CaseCode, string? Step,
    string Description, string By, DateTimeOffset At);

public sealed record NonconformityCorrected(Guid NcId, string Correction, string By, DateTimeOffset At);

/// <summary>The output is accepted as it is (ISO 8.7.1 d): what was accepted and who decided.</summary>
public sealed record ConcessionGranted(Guid NcId, string Concession, string DecidedBy, string By, DateTimeOffset At);

public sealed record CorrectiveActionLinked(Guid NcId, Guid CaId, string CaCode, string By, DateTimeOffset At);

public sealed record NonconformityClosed(Guid NcId, string Code, string Unit, string By, DateTimeOffset At);

public sealed record CorrectiveActionOpened(Guid CaId, string Code, IReadOnlyList<Guid> Nonconformities, string Unit, string Owner, string Title, string By, DateTimeOffset At);

public sealed record ContainmentRecorded(Guid CaId, string Description, string By, DateTimeOffset At);

public sealed record RootCauseRecorded(Guid CaId, string Category, string Analysis, string By, DateTimeOffset At);

public sealed record ActionPlanned(Guid CaId, int No, string Description, string Owner, DateOnly DueDate, string By, DateTimeOffset At);

public sealed record ActionCompleted(Guid CaId, int No, string? Note, string By, DateTimeOffset At);

public sealed record ActionOverdueFlagged(Guid CaId, int No, DateOnly DueDate, string Owner, string By, DateTimeOffset At);

/// <summary>Effectiveness review (ISO 10.2.1 d). Not effective reopens the corrective action.</summary>
public sealed record EffectivenessReviewed(Guid CaId, DateOnly ReviewDate, string Evidence, bool Effective, string By, DateTimeOffset At);

public sealed record CorrectiveActionClosed(Guid CaId, string Code, string Unit, string By, DateTimeOffset At);
