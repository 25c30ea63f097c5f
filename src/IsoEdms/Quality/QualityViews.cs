using Marten.Events.Aggregation;

namespace IsoEdms.Quality;

/// <summary>A line of the nonconformity register (ISO 8.7.2: description, actions, concession, who decided).</summary>
public sealed class NonconformityView
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Code { get; set; } = "";
    public string Source { get; set; } = "";
    public string Severity { get; set; } = "";
    public string Unit { get; set; } = "";
    public string? Person { get; set; }
    public Guid? CaseId { get; set; }
    public string? CaseCode { get; set; }
    public string? Step { get; set; }
    public string Description { get; set; } = "";
    public string DetectedBy { get; set; } = "";
    public DateTimeOffset DetectedAt { get; set; }
    public string Status { get; set; } = RecordStatuses.Open;
    public string? Correction { get; set; }
    public string? Concession { get; set; }
    public string? ConcessionDecidedBy { get; set; }
    public List<string> CorrectiveActions { get; set; } = [];
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
}

public partial class NonconformityViewProjection : SingleStreamProjection<NonconformityView, Guid>
{
    public static NonconformityView Create(NonconformityRaised e) => new()
    {
        Id = e.NcId, Code = e.Code, Source = e.Source, Severity = e.Severity, Unit = e.Unit, Person = e.Person, CaseId = e.CaseId, CaseCode = e.CaseCode,
        Step = e.Step, Description = e.Description, DetectedBy = e.By, DetectedAt = e.At,
    };

    public void Apply(NonconformityCorrected e, NonconformityView v) => v.Correction = e.Correction;
    public void Apply(ConcessionGranted e, NonconformityView v) { v.Concession = e.Concession; v.ConcessionDecidedBy = e.DecidedBy; }
    public void Apply(CorrectiveActionLinked e, NonconformityView v) => v.CorrectiveActions.Add(e.CaCode);
    public void Apply(NonconformityClosed e, NonconformityView v) { v.Status = RecordStatuses.Closed; v.ClosedAt = e.At; v.ClosedBy = e.By; }
}

public sealed class ActionView
{
    public int No { get; set; }
    public string Description { get; set; } = "";
    public string Owner { get; set; } = "";
    public DateOnly DueDate { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public bool Overdue { get; set; }
}

public sealed record ReviewView(DateOnly Date, string Evidence, bool Effective, string By);

public sealed class CorrectiveActionView
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string Unit { get; set; } = "";
    public string Owner { get; set; } = "";
    public List<Guid> Nonconformities { get; set; } = [];
    public string Status { get; set; } = RecordStatuses.Open;
    public string? Containment { get; set; }
    public string? RootCauseCategory { get; set; }
    public string? RootCauseAnalysis { get; set; }
    public List<ActionView> Actions { get; set; } = [];
    public List<ReviewView> Reviews { get; set; } = [];
    public bool HasOpenActions { get; set; }
    public DateOnly? EarliestOpenDue { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

public partial class CorrectiveActionViewProjection : SingleStreamProjection<CorrectiveActionView, Guid>
{
    public static CorrectiveActionView Create(CorrectiveActionOpened e) => new()
    {
        Id = e.CaId, Code = e.Code, Title = e.Title, Unit = e.Unit, Owner = e.Owner, Nonconformities = [.. e.Nonconformities], OpenedAt = e.At,
    };

    public void Apply(ContainmentRecorded e, CorrectiveActionView v) => v.Containment = e.Description;
    public void Apply(RootCauseRecorded e, CorrectiveActionView v) { v.RootCauseCategory = e.Category; v.RootCauseAnalysis = e.Analysis; }
    public void Apply(ActionPlanned e, CorrectiveActionView v) { v.Actions.Add(new ActionView { No = e.No, Description = e.Description, Owner = e.Owner, DueDate = e.DueDate }); v.Status = "open"; Refresh(v); }
    public void Apply(ActionCompleted e, CorrectiveActionView v) { v.Actions.Single(a => a.No == e.No).CompletedAt = e.At; Refresh(v); }
    public void Apply(ActionOverdueFlagged e, CorrectiveActionView v) => v.Actions.Single(a => a.No == e.No).Overdue = true;
    public void Apply(EffectivenessReviewed e, CorrectiveActionView v) { v.Reviews.Add(new ReviewView(e.ReviewDate, e.Evidence, e.Effective, e.By)); v.Status = e.Effective ? "effective" : "reopened"; }
    public void Apply(CorrectiveActionClosed e, CorrectiveActionView v) { v.Status = RecordStatuses.Closed; v.ClosedAt = e.At; }

    private static void Refresh(CorrectiveActionView v)
    {
        var open = v.Actions.Where(a => a.CompletedAt is null).ToList();
        v.HasOpenActions = open.Count > 0;
        v.EarliestOpenDue = open.Count > 0 ? open.Min(a => a.DueDate) : null;
    }
}
