using IsoEdms.Domain.Documents;

namespace IsoEdms.Domain.Calendars;

/// <summary>One year of a calendar was published (or revised: a provisional year replaced by the announced one).</summary>
public sealed record CalendarYearPublished(Guid CalendarId, string Calendar, int Year, int Revision, string ContentHash, CalendarYear Definition, string SourcePath, string By, DateTimeOffset At);

/// <summary>The published years of a calendar end soon: deadlines past that date cannot be computed until the next year is published.</summary>
public sealed record CalendarCoverageRunningOut(Guid CalendarId, string Calendar, DateOnly LastCoveredDate, int DaysLeft, string By, DateTimeOffset DetectedAt);

/// <summary>
/// Write model of a calendar stream. <see cref="Version"/> counts the year publications: it is the calendar version a
/// case pins, and the calendar as of version N is made of the first N publications.
/// </summary>
public sealed record CalendarHistory(Guid Id, string Calendar, IReadOnlyDictionary<int, CalendarYearPublished> Years, int Version, DateOnly? WarnedFor = null)
{
    public static Guid StreamIdFor(string calendar) => Canonical.StreamId("calendar", calendar);
    public static CalendarHistory Empty(string calendar) => new(StreamIdFor(calendar), calendar, new Dictionary<int, CalendarYearPublished>(), 0);

    public CalendarHistory Apply(CalendarYearPublished e) =>
        this with { Years = new Dictionary<int, CalendarYearPublished>(Years) { [e.Year] = e }, Version = Version + 1 };

    public CalendarHistory Apply(CalendarCoverageRunningOut e) => this with { WarnedFor = e.LastCoveredDate };

    public static CalendarHistory Fold(string calendar, IEnumerable<object> events, int? atVersion = null)
    {
        var h = Empty(calendar);
        foreach (var e in events)
        {
            if (e is CalendarYearPublished p)
            {
                if (atVersion is not null && h.Version >= atVersion) break;
                h = h.Apply(p);
            }
            else if (e is CalendarCoverageRunningOut w) h = h.Apply(w);
        }
        return h;
    }

    public DateOnly? LastCoveredDate => Years.Count == 0 ? null : new DateOnly(Years.Keys.Max(), 12, 31);

    /// <summary>The compiled calendar of every published year (they must be consecutive).</summary>
    public WorkingCalendar ToWorkingCalendar() => new(Years.Values.Select(y => y.Definition), Version);
}

public static class CalendarPublishing
{
    public static Decision Publish(CalendarHistory history, CalendarYear year, string sourcePath, string by, DateTimeOffset at)
    {
        var hash = Canonical.Sha256(year);
        if (history.Years.TryGetValue(year.Year, out var existing))
        {
            if (existing.ContentHash == hash) return new Decision.NoChange(Say.It("calendar_year_same", $"{year.Calendar:code} {year.Year:number} revision {year.Revision:number} is already published"));
            if (year.Revision <= existing.Revision)
                return new Decision.Refused(Say.It("calendar_year_changed", $"{year.Calendar:code} {year.Year:number} revision {existing.Revision:number} is already published with different content; set 'revision: {existing.Revision + 1:number}' to publish the change"));
        }
        var years = history.Years.Keys.Append(year.Year).Distinct().Order().ToList();
        for (var i = 1; i < years.Count; i++)
            if (years[i] != years[i - 1] + 1)
                return new Decision.Refused(Say.It("calendar_year_gap", $"{year.Calendar:code}: publishing {year.Year:number} would leave {years[i - 1] + 1:number}–{years[i] - 1:number} without a calendar; publish the years in between first"));
        if (history.Years.Values.FirstOrDefault() is { } any && any.Definition.TimeZone != year.TimeZone)
            return new Decision.Refused(Say.It("calendar_year_time_zone", $"{year.Calendar:code} {year.Year:number} uses time zone {year.TimeZone:code}, the published years use {any.Definition.TimeZone:code}"));
        return new Decision.Append([new CalendarYearPublished(history.Id, year.Calendar, year.Year, year.Revision, hash, year, sourcePath, by, at)]);
    }
}

public static class CalendarCoverage
{
    /// <summary>Warn once per last covered date when the published years end within <paramref name="horizonDays"/> days.</summary>
    public static IReadOnlyList<object> Check(CalendarHistory history, DateTimeOffset now, int horizonDays, string by)
    {
        if (history.LastCoveredDate is not { } last || history.WarnedFor == last) return [];
        var tz = TimeZoneInfo.FindSystemTimeZoneById(history.Years.Values.First().Definition.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, tz).DateTime);
        var left = last.DayNumber - today.DayNumber;
        return left <= horizonDays ? [new CalendarCoverageRunningOut(history.Id, history.Calendar, last, left, by, now)] : [];
    }
}
