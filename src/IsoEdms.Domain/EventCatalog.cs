using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;

namespace IsoEdms.Domain;

/// <summary>Every event type of the domain, registered explicitly with the event store.</summary>
public static class EventCatalog
{
    public static readonly IReadOnlyList<Type> All =
    [
        typeof(ProcedureVersionPublished),
        typeof(ProcedureVersionRetired),
        typeof(CalendarYearPublished),
        typeof(CalendarCoverageRunningOut),
        typeof(UnitCreated),
        typeof(RoleDefined),
        typeof(UnitRenamed),
        typeof(UnitAgencyCodeSet),
        typeof(UnitMerged),
        typeof(UnitEnded),
        typeof(PersonAssigned),
        typeof(PersonUnassigned),
        typeof(PersonRenamed),
        typeof(PasswordSet),
        typeof(PasswordChanged),
        typeof(CaseReceived),
        typeof(StepStarted),
        typeof(StepAssigned),
        typeof(StepCompleted),
        typeof(CaseReturned),
        typeof(CaseTransferred),
        typeof(CaseSuspended),
        typeof(CaseResumed),
        typeof(CaseDueMoved),
        typeof(CaseCalendarFollowed),
        typeof(PersonalDataErased),
        typeof(ApologyIssued),
        typeof(ApologyRepeatRefused),
        typeof(CaseRefused),
        typeof(CaseStopped),
        typeof(CaseFinished),
        typeof(CaseDelivered),
        typeof(ConformanceBreachRecorded),
        typeof(StepOverdue),
        typeof(CaseOverdue),
        typeof(CaseRated),
        typeof(Quality.NonconformityRaised),
        typeof(Quality.NonconformityCorrected),
        typeof(Quality.ConcessionGranted),
        typeof(Quality.CorrectiveActionLinked),
        typeof(Quality.NonconformityClosed),
        typeof(Quality.CorrectiveActionOpened),
        typeof(Quality.ContainmentRecorded),
        typeof(Quality.RootCauseRecorded),
        typeof(Quality.ActionPlanned),
        typeof(Quality.ActionCompleted),
        typeof(Quality.ActionOverdueFlagged),
        typeof(Quality.EffectivenessReviewed),
        typeof(Quality.CorrectiveActionClosed),
        typeof(Satisfaction.SurveyTemplatePublished),
    ];
}
