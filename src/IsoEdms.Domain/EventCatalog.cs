using IsoEdms.Domain.Calendars;
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
    ];
}
