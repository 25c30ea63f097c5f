using IsoEdms.Calendars;
using IsoEdms.Cases;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using JasperFx.Events.Projections;
using Marten.Events.Projections;

namespace IsoEdms.Infrastructure;

public static class Projections
{
    /// <summary>Inline projections for what people act on, async ones for registers and statistics.</summary>
    public static void RegisterAll(this ProjectionOptions projections, bool withAsync = true)
    {
        projections.Add<ProcedureCatalogProjection>(ProjectionLifecycle.Inline);
        projections.Add<CalendarCatalogProjection>(ProjectionLifecycle.Inline);
        projections.Add<UnitRecordProjection>(ProjectionLifecycle.Inline);
        projections.Add<PersonRecordProjection>(ProjectionLifecycle.Inline);
        projections.Add<RoleRecordProjection>(ProjectionLifecycle.Inline);
        projections.Add<OrgStampProjection>(ProjectionLifecycle.Inline);
        projections.Add<CaseDetailsProjection>(ProjectionLifecycle.Inline);
        projections.Add<WorkQueueProjection>(ProjectionLifecycle.Inline);
        projections.Add<Quality.NonconformityViewProjection>(ProjectionLifecycle.Inline);
        projections.Add<Quality.CorrectiveActionViewProjection>(ProjectionLifecycle.Inline);
        projections.Add<Audits.AuditViewProjection>(ProjectionLifecycle.Inline);
        projections.Add<Objectives.ObjectiveViewProjection>(ProjectionLifecycle.Inline);
        projections.Add<Audits.ManagementReviewViewProjection>(ProjectionLifecycle.Inline);
        projections.Add<Risks.RiskViewProjection>(ProjectionLifecycle.Inline);
        projections.Add<Audits.AuditProgrammeViewProjection>(ProjectionLifecycle.Inline);
        // live write models of the quality streams, fetched for writing by their command handlers
        projections.Add<Quality.NonconformityStateProjection>(ProjectionLifecycle.Live);
        projections.Add<Quality.CorrectiveActionStateProjection>(ProjectionLifecycle.Live);
        // the CLI runs no daemon: async projections are the web host's business
        if (!withAsync) return;
        projections.Add<DocumentRegisterProjection>(ProjectionLifecycle.Async);
        Monitoring.TimelinessProjection.Register(projections, MartenSetup.Schema);
    }
}
