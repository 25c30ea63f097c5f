using System.Text.RegularExpressions;
using IsoEdms.Domain.Documents;
using YamlDotNet.RepresentationModel;
using YamlDocument = IsoEdms.Domain.Documents.YamlDocument;

namespace IsoEdms.Domain.Calendars;

public sealed record Session(TimeOnly Start, TimeOnly End)
{
    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";
}

public sealed record Holiday(DateOnly From, DateOnly To, string Name);

public sealed record WorkingWeekend(DateOnly Date, string Name);

/// <summary>One year of an official working calendar (processes/calendars/&lt;id&gt;/&lt;year&gt;.yaml).</summary>
public sealed record CalendarYear(
    string Calendar,
    int Year,
    int Revision,
    bool Provisional,
    string TimeZone,
    IReadOnlyList<DayOfWeek> WorkingDays,
    IReadOnlyList<Session> Sessions,
    IReadOnlyList<Holiday> Holidays,
    IReadOnlyList<WorkingWeekend> WorkingWeekends,
    string? Source = null)
{
    public TimeSpan WorkingDayLength => Sessions.Aggregate(TimeSpan.Zero, (t, s) => t + (s.End - s.Start));

    public bool IsHoliday(DateOnly d) => Holidays.Any(h => d >= h.From && d <= h.To);

    public bool IsWorkingDay(DateOnly d) =>
        WorkingWeekends.Any(w => w.Date == d) || (WorkingDays.Contains(d.DayOfWeek) && !IsHoliday(d));
}

public static partial class CalendarFile
{
    public static readonly Regex IdPattern = MyIdPattern();
    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*$")]
    private static partial Regex MyIdPattern();

    private static readonly Dictionary<string, DayOfWeek> Days = new()
    {
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["sun"] = DayOfWeek.Sunday,
    };

    /// <summary>Parses and checks one calendar file. Returns null with diagnostics when anything is wrong.</summary>
    public static (CalendarYear? Year, IReadOnlyList<Diagnostic> Errors) Parse(string path, string text)
    {
        var doc = YamlDocument.Parse(path, text);
        if (doc.Root is null) return (null, doc.Errors);
        var root = doc.Root;
        doc.CheckKeys(root, "the calendar", "calendar", "year", "revision", "provisional", "source", "timezone",
            "working_days", "sessions", "holidays", "working_weekends");

        var idNode = doc.Required(root, "calendar", "the calendar");
        var id = doc.Text(idNode, "calendar");
        if (id is not null && !IdPattern.IsMatch(id)) { doc.Error(idNode!, Say.It("calendar_id_pattern", $"calendar id '{id:code}' may contain only lowercase letters, digits, '.' and '-'")); id = null; }
        var yearNode = doc.Required(root, "year", "the calendar");
        var year = doc.WholeNumber(yearNode, "year", 1900);
        if (year > 2200) { doc.Error(yearNode!, Say.It("calendar_year_range", $"'year' {year:number} is out of range")); year = null; }
        var revision = doc.WholeNumber(doc.Get(root, "revision"), "revision", 1) ?? 1;
        var provisional = doc.Boolean(doc.Get(root, "provisional"), "provisional") ?? false;
        var source = doc.Text(doc.Get(root, "source"), "source");

        var tzNode = doc.Required(root, "timezone", "the calendar");
        var tz = doc.Text(tzNode, "timezone");
        if (tz is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
        {
            doc.Error(tzNode!, Say.It("calendar_time_zone_unknown", $"unknown time zone '{tz:code}' (use an IANA name such as Asia/Ho_Chi_Minh)"));
            tz = null;
        }

        var workingDays = new List<DayOfWeek>();
        if (doc.Sequence(doc.Required(root, "working_days", "the calendar"), "working_days") is { } wd)
        {
            foreach (var n in wd.Children)
            {
                var name = doc.Text(n, "working_days item");
                if (name is null) continue;
                if (!Days.TryGetValue(name, out var dow)) doc.Error(n, Say.It("calendar_day_unknown", $"unknown day '{name:code}'; use mon, tue, wed, thu, fri, sat or sun"));
                else if (workingDays.Contains(dow)) doc.Error(n, Say.It("calendar_day_twice", $"day '{name:code}' is listed twice"));
                else workingDays.Add(dow);
            }
            if (wd.Children.Count == 0) doc.Error(wd, Say.It("calendar_no_working_day", $"'working_days' must list at least one day"));
        }

        var sessions = new List<Session>();
        if (doc.Sequence(doc.Required(root, "sessions", "the calendar"), "sessions") is { } ss)
        {
            foreach (var n in ss.Children)
            {
                var s = doc.Text(n, "sessions item");
                if (s is null) continue;
                var parts = s.Split('-');
                if (parts.Length != 2 || !TimeOnly.TryParseExact(parts[0].Trim(), "HH:mm", out var a) || !TimeOnly.TryParseExact(parts[1].Trim(), "HH:mm", out var b))
                { doc.Error(n, Say.It("calendar_session_form", $"session '{s:code}' must be written \"HH:MM-HH:MM\"")); continue; }
                if (b <= a) { doc.Error(n, Say.It("calendar_session_reversed", $"session '{s:code}' ends before it starts")); continue; }
                if (sessions.Count > 0 && a < sessions[^1].End) { doc.Error(n, Say.It("calendar_session_overlap", $"session '{s:code}' overlaps or comes before the previous one")); continue; }
                sessions.Add(new Session(a, b));
            }
            if (ss.Children.Count == 0) doc.Error(ss, Say.It("calendar_no_session", $"'sessions' must list at least one session"));
        }

        var holidays = new List<Holiday>();
        if (doc.Get(root, "holidays") is { } hn && doc.Sequence(hn, "holidays") is { } hs)
        {
            foreach (var n in hs.Children)
            {
                if (doc.Mapping(n, "holidays item") is not { } m) continue;
                doc.CheckKeys(m, "a holiday", "date", "from", "to", "name");
                var name = doc.Text(doc.Required(m, "name", "a holiday"), "name");
                var dateNode = doc.Get(m, "date");
                DateOnly? from, to;
                if (dateNode is not null)
                {
                    if (doc.Get(m, "from") is not null || doc.Get(m, "to") is not null)
                        doc.Error(m, Say.It("calendar_holiday_both", $"a holiday has either 'date' or 'from' and 'to', not both"));
                    from = to = doc.Date(dateNode, "date");
                }
                else
                {
                    from = doc.Date(doc.Required(m, "from", "a holiday without 'date'"), "from");
                    to = doc.Date(doc.Required(m, "to", "a holiday without 'date'"), "to");
                    if (from is not null && to is not null && to < from) { doc.Error(m, Say.It("calendar_holiday_reversed", $"holiday '{name}' ends ({to!.Value:date}) before it starts ({from!.Value:date})")); continue; }
                }
                if (from is null || to is null || name is null) continue;
                if (year is not null && (from.Value.Year != year && to.Value.Year != year))
                { doc.Error(m, Say.It("calendar_holiday_year", $"holiday '{name}' ({from!.Value:date}) is not in year {year:number}")); continue; }
                holidays.Add(new Holiday(from.Value, to.Value, name));
            }
        }

        var weekends = new List<WorkingWeekend>();
        if (doc.Get(root, "working_weekends") is { } wn && doc.Sequence(wn, "working_weekends") is { } ws)
        {
            foreach (var n in ws.Children)
            {
                if (doc.Mapping(n, "working_weekends item") is not { } m) continue;
                doc.CheckKeys(m, "a make-up working day", "date", "name");
                var date = doc.Date(doc.Required(m, "date", "a make-up working day"), "date");
                var name = doc.Text(doc.Required(m, "name", "a make-up working day"), "name");
                if (date is null || name is null) continue;
                if (year is not null && date.Value.Year != year) { doc.Error(m, Say.It("calendar_makeup_year", $"make-up working day {date!.Value:date} is not in year {year:number}")); continue; }
                if (workingDays.Contains(date.Value.DayOfWeek)) { doc.Error(m, Say.It("calendar_makeup_working", $"make-up working day {date!.Value:date} is a {date.Value.DayOfWeek}, already a working day")); continue; }
                if (holidays.Any(h => date >= h.From && date <= h.To)) { doc.Error(m, Say.It("calendar_makeup_holiday", $"make-up working day {date!.Value:date} is also listed as a holiday")); continue; }
                weekends.Add(new WorkingWeekend(date.Value, name));
            }
        }

        if (doc.Errors.Count > 0 || id is null || year is null || tz is null) return (null, doc.Errors);
        return (new CalendarYear(id, year.Value, revision, provisional, tz, workingDays, sessions, holidays, weekends, source), doc.Errors);
    }
}
