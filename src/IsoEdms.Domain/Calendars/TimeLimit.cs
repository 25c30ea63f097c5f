using System.Globalization;
using System.Text.RegularExpressions;

namespace IsoEdms.Domain.Calendars;

public enum TimeLimitKind { SameDay, WorkingDays, WorkingHours, CalendarDays }

/// <summary>
/// A statutory time limit: "same day", N working days (each as long as the calendar's sessions make the day: 8 h on the
/// deployed default), N working hours, or N calendar days.
/// </summary>
public sealed partial record TimeLimit(TimeLimitKind Kind, decimal Amount)
{
    public static TimeLimit SameDay { get; } = new(TimeLimitKind.SameDay, 0);
    public static TimeLimit WorkingDays(decimal n) => new(TimeLimitKind.WorkingDays, n);
    public static TimeLimit WorkingHours(decimal n) => new(TimeLimitKind.WorkingHours, n);
    public static TimeLimit CalendarDays(int n) => new(TimeLimitKind.CalendarDays, n);

    /// <summary>Working time of a working-time limit on a calendar whose working day is <paramref name="day"/> long (null for same day and calendar days).</summary>
    public TimeSpan? WorkingBudget(TimeSpan day) => Kind switch
    {
        TimeLimitKind.WorkingDays => day * (double)Amount,
        TimeLimitKind.WorkingHours => TimeSpan.FromHours((double)Amount),
        _ => null,
    };

    public override string ToString() => Kind switch
    {
        TimeLimitKind.SameDay => "same day",
        TimeLimitKind.WorkingDays => $"{Amount.ToString(CultureInfo.InvariantCulture)} working days",
        TimeLimitKind.WorkingHours => $"{Amount.ToString(CultureInfo.InvariantCulture)} working hours",
        _ => $"{Amount.ToString(CultureInfo.InvariantCulture)} calendar days",
    };

    [GeneratedRegex(@"^\s*(?:(?<same>same[ _-]day)|(?<n>\d+(?:\.\d+)?)\s*(?<unit>working[ _-]days?|working[ _-]hours?|calendar[ _-]days?))\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex LimitText();

    /// <summary>Parses "3 working days", "4 working hours", "15 calendar days" or "same day".</summary>
    public static bool TryParse(string text, out TimeLimit limit, out string error)
    {
        limit = SameDay;
        error = "";
        var m = LimitText().Match(text ?? "");
        if (!m.Success)
        {
            error = $"'{text}' is not a time limit; write \"<N> working days\", \"<N> working hours\", \"<N> calendar days\" or \"same day\"";
            return false;
        }
        if (m.Groups["same"].Success) return true;
        var n = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        if (n <= 0) { error = $"'{text}': the amount must be more than 0"; return false; }
        if (unit.StartsWith("calendar", StringComparison.Ordinal) && n != decimal.Truncate(n)) { error = $"'{text}': calendar days must be a whole number"; return false; }
        if (n > 3650) { error = $"'{text}': the amount is too large"; return false; }
        limit = unit.StartsWith("calendar", StringComparison.Ordinal) ? CalendarDays((int)n) : unit.Contains("hour") ? WorkingHours(n) : WorkingDays(n);
        return true;
    }
}

public enum SuspensionPolicy { Pause, Restart }

/// <summary>The clock start and due instant of a case, in UTC, with the due date in the calendar's local time.</summary>
public sealed record Deadline(DateTimeOffset ClockStart, DateTimeOffset Due, DateOnly DueDate);

/// <summary>Deadline math on a <see cref="WorkingCalendar"/> (docs/rules.md, rules 6-10). Pure.</summary>
public static class Deadlines
{
    /// <summary>
    /// The clock start (rule 7) and the due instant (rule 8). Calendar days count, as Civil Code arts. 147-148 say, from
    /// the day after the receipt itself, not after the clock start: the cut-off and office hours move when the clock
    /// starts, not the calendar day on which the period begins.
    /// </summary>
    public static Deadline Compute(WorkingCalendar calendar, DateTimeOffset receipt, TimeLimit limit, TimeOnly? cutoff = null)
    {
        var start = calendar.ClockStart(receipt, cutoff);
        DateTimeOffset due = limit.Kind switch
        {
            TimeLimitKind.SameDay => calendar.EndOfDay(start),
            TimeLimitKind.CalendarDays => calendar.EndOfWorkingDate(calendar.LocalDate(receipt).AddDays((int)limit.Amount)),
            _ => calendar.AddWorkingTime(start, limit.WorkingBudget(calendar.WorkingDayLength(calendar.LocalDate(start)))!.Value),
        };
        return new Deadline(start, due, calendar.LocalDate(due));
    }

    /// <summary>
    /// The due instant after a suspension from <paramref name="suspendedAt"/> to <paramref name="resumedAt"/>:
    /// <c>pause</c> moves it by the working time spent suspended; <c>restart</c> runs the full limit again from the resume
    /// (with the same cut-off rule as a receipt).
    /// </summary>
    public static Deadline AfterSuspension(WorkingCalendar calendar, Deadline current, TimeLimit limit, SuspensionPolicy policy,
        DateTimeOffset suspendedAt, DateTimeOffset resumedAt, TimeOnly? cutoff = null)
    {
        if (resumedAt < suspendedAt) throw new ArgumentException("a case cannot resume before it was suspended", nameof(resumedAt));
        if (policy == SuspensionPolicy.Restart)
            return Compute(calendar, resumedAt, limit, cutoff);
        var paused = calendar.WorkingTimeBetween(suspendedAt, resumedAt);
        var due = calendar.AddWorkingTime(current.Due, paused);
        return current with { Due = due, DueDate = calendar.LocalDate(due) };
    }
}
