using Marten.Events.Aggregation;

namespace IsoEdms.Monitoring;

/// <summary>Statistics facts of a case (async: the daemon keeps them; a rebuild from the events gives the same documents).</summary>
public partial class CaseFactProjection : SingleStreamProjection<CaseFact, Guid>
{
    public const string ProjectionName = "CaseFact";

    public CaseFactProjection() => Name = ProjectionName;

    public static CaseFact Create(CaseReceived e) => CaseFact.Create(e);
    public void Apply(StepStarted e, CaseFact f) => f.Apply(e);
    public void Apply(StepAssigned e, CaseFact f) => f.Apply(e);
    public void Apply(CaseTransferred e, CaseFact f) => f.Apply(e);
    public void Apply(StepCompleted e, CaseFact f) => f.Apply(e);
    public void Apply(CaseSuspended e, CaseFact f) => f.Apply(e);
    public void Apply(CaseResumed e, CaseFact f) => f.Apply(e);
    public void Apply(CaseDueMoved e, CaseFact f) => f.Apply(e);
    public void Apply(CaseCalendarFollowed e, CaseFact f) => f.Apply(e);
    public void Apply(CaseFinished e, CaseFact f) => f.Apply(e);
    public void Apply(CaseRefused e, CaseFact f) => f.Apply(e);
    public void Apply(CaseStopped e, CaseFact f) => f.Apply(e);
    public void Apply(CaseRated e, CaseFact f) => f.Apply(e);
}
