using System.Globalization;
using IsoEdms.Domain.Calendars;
using IsoEdms.Procedures;

namespace IsoEdms.Calendars;

public sealed record DueAnswer(string Due, string DueDate, string ClockStart, int CalendarVersion);

public static class CalendarEndpoints
{
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/calendars")]
    public static async Task<IReadOnlyList<CalendarCatalogEntry>> List(IQuerySession session, CancellationToken ct) =>
        await session.Query<CalendarCatalogEntry>().OrderBy(x => x.Calendar).ToListAsync(ct);

    /// <summary>GET /api/calendar/due?calendar=vn-gov&amp;from=2026-02-12T10:00:00+07:00&amp;limit=3 working days&amp;cutoff=15:00</summary>
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/calendar/due")]
    public static async Task<Results<Ok<DueAnswer>, ValidationProblem, ProblemHttpResult>> Due(string? calendar, string? from, string? limit, string? cutoff, IQuerySession session, CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(calendar)) problems["calendar"] = ["required: the id of a published calendar, e.g. vn-gov"];
        DateTimeOffset start = default;
        if (string.IsNullOrWhiteSpace(from)) problems["from"] = ["required: an ISO 8601 instant with offset, e.g. 2026-02-12T10:00:00+07:00"];
        else if (!DeadlineInput.TryParseInstant(from, out start, out var e1)) problems["from"] = [e1];
        TimeLimit parsed = TimeLimit.SameDay;
        if (string.IsNullOrWhiteSpace(limit)) problems["limit"] = ["required: \"<N> working days\", \"<N> working hours\", \"<N> calendar days\" or \"same day\""];
        else if (!TimeLimit.TryParse(limit, out parsed, out var e2)) problems["limit"] = [e2];
        TimeOnly? cut = null;
        if (!string.IsNullOrWhiteSpace(cutoff))
        {
            if (TimeOnly.TryParseExact(cutoff, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var c)) cut = c;
            else problems["cutoff"] = [$"'{cutoff}' is not a time written HH:MM"];
        }
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var cal = await Publishing.LoadCalendarAsync(session, calendar!, ct);
        if (cal is null) return Problems.Of(404, "Unknown calendar", $"calendar '{calendar}' is not published");
        try
        {
            var d = Deadlines.Compute(cal, start, parsed, cut);
            return TypedResults.Ok(DeadlineInput.Answer(cal, d));
        }
        catch (CalendarCoverageException ex)
        {
            return Problems.Of(422, "Outside the published calendar", ex.Message);
        }
    }
}

public static class DeadlineInput
{
    public static bool TryParseInstant(string text, out DateTimeOffset instant, out string error)
    {
        error = "";
        var t = text.Trim();
        // a '+' in a query string arrives as a space
        if (t.Length > 19 && t[^6] == ' ') t = t[..^6] + "+" + t[^5..];
        var hasOffset = t.EndsWith('Z') || (t.Length > 6 && (t[^6] == '+' || t[^6] == '-') && t[^3] == ':');
        if (!hasOffset || !DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant))
        {
            instant = default;
            error = $"'{text}' is not an ISO 8601 instant with an offset, e.g. 2026-02-12T10:00:00+07:00";
            return false;
        }
        return true;
    }

    public static DueAnswer Answer(WorkingCalendar cal, Deadline d) =>
        new(Format(cal.ToLocal(d.Due)), d.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Format(cal.ToLocal(d.ClockStart)), cal.Version);

    public static string Format(DateTimeOffset local) => local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
