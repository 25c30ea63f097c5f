using IsoEdms.Domain.Calendars;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IsoEdms.Calendars;

public sealed record CalendarYearSummary(int Year, int Revision, bool Provisional, string ContentHash, int Holidays, int MakeUpDays, DateTimeOffset PublishedAt, string PublishedBy);

/// <summary>Published calendars (read model, inline). <see cref="Version"/> is the calendar version a case pins.</summary>
public sealed class CalendarCatalogEntry
{
    public Guid Id { get; set; }
    public string Calendar { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public int Version { get; set; }
    public List<CalendarYearSummary> Years { get; set; } = [];
    public List<string> Warnings { get; set; } = [];
}

public partial class CalendarCatalogProjection : SingleStreamProjection<CalendarCatalogEntry, Guid>
{
    public static CalendarCatalogEntry Create(IEvent<CalendarYearPublished> e)
    {
        var entry = new CalendarCatalogEntry { Id = e.Data.CalendarId, Calendar = e.Data.Calendar, TimeZone = e.Data.Definition.TimeZone };
        Add(entry, e);
        return entry;
    }

    public void Apply(IEvent<CalendarYearPublished> e, CalendarCatalogEntry entry) => Add(entry, e);

    public void Apply(IEvent<CalendarCoverageRunningOut> e, CalendarCatalogEntry entry)
    {
        entry.Warnings.Add($"{e.Data.DetectedAt:yyyy-MM-dd}: published years end on {e.Data.LastCoveredDate:yyyy-MM-dd}; publish {e.Data.LastCoveredDate.Year + 1}");
    }

    private static void Add(CalendarCatalogEntry entry, IEvent<CalendarYearPublished> e)
    {
        var y = e.Data.Definition;
        entry.Years.RemoveAll(x => x.Year == y.Year);
        entry.Years.Add(new CalendarYearSummary(y.Year, y.Revision, y.Provisional, e.Data.ContentHash, y.Holidays.Count, y.WorkingWeekends.Count, e.Data.At, e.Data.By));
        entry.Years.Sort((a, b) => a.Year.CompareTo(b.Year));
        entry.Version++;
    }
}
