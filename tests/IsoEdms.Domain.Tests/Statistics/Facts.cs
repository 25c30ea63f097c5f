using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Timeliness;

namespace IsoEdms.Domain.Tests.Statistics;

/// <summary>A case's statistics fact folded from its events, as the host's CaseFactProjection applies them (the same events).</summary>
public static class Facts
{
    public static CaseFact Fold(IEnumerable<object> events)
    {
        CaseFact? f = null;
        foreach (var e in events)
            switch (e)
            {
                case CaseReceived r: f = CaseFact.Create(r); break;
                case StepStarted x: f!.Apply(x); break;
                case StepAssigned x: f!.Apply(x); break;
                case CaseTransferred x: f!.Apply(x); break;
                case StepCompleted x: f!.Apply(x); break;
                case CaseSuspended x: f!.Apply(x); break;
                case CaseResumed x: f!.Apply(x); break;
                case CaseDueMoved x: f!.Apply(x); break;
                case CaseCalendarFollowed x: f!.Apply(x); break;
                case CaseFinished x: f!.Apply(x); break;
                case CaseRefused x: f!.Apply(x); break;
                case CaseStopped x: f!.Apply(x); break;
                case CaseRated x: f!.Apply(x); break;
            }
        return f!;
    }
}
