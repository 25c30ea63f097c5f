namespace IsoEdms.Domain.Calendars;

public sealed class CalendarCoverageException(string calendar, DateOnly date)
    : Exception($"calendar '{calendar}' has no published year covering {date:yyyy-MM-dd}")
{
    public string Calendar { get; } = calendar;
    public DateOnly Date { get; } = date;
}

/// <summary>
/// The working calendar of consecutive published years, compiled for fast deadline math: for every day, whether
/// it is worked, its sessions and its UTC offset, plus a prefix sum of working time before each day. Instants in
/// and out are UTC <see cref="DateTimeOffset"/>s; local dates and times are those of the calendar's time zone.
/// Immutable and safe to share between threads.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly DateOnly _first;
    private readonly int _firstDayNumber;
    private readonly Day[] _days;
    private readonly long[] _prefix;          // working ticks before day i; length = days + 1
    private readonly long[][] _sessions;      // per year index: [start0, end0, start1, end1, ...] in ticks since local midnight

    private readonly record struct Day(bool Working, short YearIndex, long OffsetTicks);

    public string Id { get; }
    public int Version { get; }
    public TimeZoneInfo TimeZone { get; }
    public IReadOnlyList<CalendarYear> Years { get; }
    public DateOnly FirstDate => _first;
    public DateOnly LastDate => _first.AddDays(_days.Length - 1);

    public WorkingCalendar(IEnumerable<CalendarYear> years, int version = 1)
    {
        var list = years.OrderBy(y => y.Year).ToList();
        if (list.Count == 0) throw new ArgumentException("a calendar needs at least one year", nameof(years));
        if (list.Select(y => y.Calendar).Distinct().Count() != 1) throw new ArgumentException("all years must belong to one calendar", nameof(years));
        for (var i = 1; i < list.Count; i++)
            if (list[i].Year != list[i - 1].Year + 1)
                throw new ArgumentException($"calendar '{list[0].Calendar}' has a gap: {list[i - 1].Year} is followed by {list[i].Year}", nameof(years));
        if (list.Select(y => y.TimeZone).Distinct().Count() != 1)
            throw new ArgumentException($"calendar '{list[0].Calendar}' changes time zone between years", nameof(years));

        Id = list[0].Calendar;
        Version = version;
        Years = list;
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(list[0].TimeZone);
        _first = new DateOnly(list[0].Year, 1, 1);
        _firstDayNumber = _first.DayNumber;
        var last = new DateOnly(list[^1].Year, 12, 31);
        var n = last.DayNumber - _firstDayNumber + 1;
        _days = new Day[n];
        _prefix = new long[n + 1];
        _sessions = list.Select(y => y.Sessions.SelectMany(s => new[] { s.Start.Ticks, s.End.Ticks }).ToArray()).ToArray();
        var dayLength = list.Select(y => y.WorkingDayLength.Ticks).ToArray();
        for (var i = 0; i < n; i++)
        {
            var date = _first.AddDays(i);
            var yi = (short)(date.Year - list[0].Year);
            var working = list[yi].IsWorkingDay(date);
            var offset = TimeZone.GetUtcOffset(date.ToDateTime(new TimeOnly(12, 0))).Ticks;
            _days[i] = new Day(working, yi, offset);
            _prefix[i + 1] = _prefix[i] + (working ? dayLength[yi] : 0);
        }
    }

    public bool IsWorkingDay(DateOnly date) => _days[Index(date)].Working;

    /// <summary>The length of a working day in the year of <paramref name="date"/>: the sum of that year's sessions.</summary>
    public TimeSpan WorkingDayLength(DateOnly date) => Years[_days[Index(date)].YearIndex].WorkingDayLength;

    public DateOnly LocalDate(DateTimeOffset instant)
    {
        var (i, _) = Locate(instant);
        return _first.AddDays(i);
    }

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    /// <summary>The next working day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date)
    {
        var i = Index(date) + 1;
        while (i < _days.Length && !_days[i].Working) i++;
        if (i >= _days.Length) throw new CalendarCoverageException(Id, date.AddDays(1));
        return _first.AddDays(i);
    }

    /// <summary>The last working day strictly before <paramref name="date"/> (the apology deadline is one working day before the due date).</summary>
    public DateOnly PreviousWorkingDay(DateOnly date)
    {
        var i = Index(date) - 1;
        while (i >= 0 && !_days[i].Working) i--;
        if (i < 0) throw new CalendarCoverageException(Id, _first.AddDays(-1));
        return _first.AddDays(i);
    }

    /// <summary>
    /// When the clock starts for a receipt: the receipt itself during a session; the next session opening when outside
    /// sessions; the next working day's opening when after <paramref name="cutoff"/> (strictly after) or on a non-working day.
    /// </summary>
    public DateTimeOffset ClockStart(DateTimeOffset receipt, TimeOnly? cutoff = null)
    {
        var (i, tod) = Locate(receipt);
        var day = _days[i];
        if (day.Working && (cutoff is null || tod <= cutoff.Value.Ticks))
        {
            var s = _sessions[day.YearIndex];
            for (var k = 0; k < s.Length; k += 2)
            {
                if (tod < s[k]) return Instant(i, s[k]);
                if (tod < s[k + 1]) return receipt.ToUniversalTime();
            }
        }
        var next = NextWorkingIndex(i + 1);
        return Instant(next, _sessions[_days[next].YearIndex][0]);
    }

    /// <summary>Working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? TimeSpan.Zero : TimeSpan.FromTicks(Position(to) - Position(from));

    /// <summary>The earliest instant at which <paramref name="budget"/> of working time counted from <paramref name="start"/> is used up.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan budget)
    {
        if (budget < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(budget), "a budget cannot be negative");
        var p = Position(start);
        if (budget == TimeSpan.Zero) return start.ToUniversalTime();
        var target = p + budget.Ticks;
        if (target > _prefix[^1]) throw new CalendarCoverageException(Id, LastDate.AddDays(1));
        // smallest day e with _prefix[e + 1] >= target
        int lo = 0, hi = _days.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_prefix[mid + 1] >= target) hi = mid; else lo = mid + 1;
        }
        var rest = target - _prefix[lo];
        var s = _sessions[_days[lo].YearIndex];
        for (var k = 0; k < s.Length; k += 2)
        {
            var len = s[k + 1] - s[k];
            if (rest <= len) return Instant(lo, s[k] + rest);
            rest -= len;
        }
        return Instant(lo, s[^1]);
    }

    /// <summary>The end of the last session of the day of <paramref name="start"/> (a "same day" limit).</summary>
    public DateTimeOffset EndOfDay(DateTimeOffset start)
    {
        var (i, _) = Locate(start);
        if (!_days[i].Working) i = NextWorkingIndex(i);
        return Instant(i, _sessions[_days[i].YearIndex][^1]);
    }

    /// <summary>The end of the last session of a working <paramref name="date"/>, or of the next working day after it.</summary>
    public DateTimeOffset EndOfWorkingDate(DateOnly date)
    {
        var i = NextWorkingIndex(Index(date));
        return Instant(i, _sessions[_days[i].YearIndex][^1]);
    }

    // ---- internals -------------------------------------------------------------------------------------------

    private int Index(DateOnly date)
    {
        var i = date.DayNumber - _firstDayNumber;
        if ((uint)i >= (uint)_days.Length) throw new CalendarCoverageException(Id, date);
        return i;
    }

    private int NextWorkingIndex(int i)
    {
        while (i < _days.Length && !_days[i].Working) i++;
        if (i >= _days.Length) throw new CalendarCoverageException(Id, LastDate.AddDays(1));
        return i;
    }

    /// <summary>Day index and local time of day (ticks) of an instant.</summary>
    private (int Day, long TimeOfDay) Locate(DateTimeOffset instant)
    {
        var utc = instant.UtcTicks;
        // guess the day with the offset of a day near it, then correct with that day's own offset
        var approxLocal = utc + _days[Math.Clamp((int)(utc / TimeSpan.TicksPerDay) - _firstDayNumber, 0, _days.Length - 1)].OffsetTicks;
        var dayNumber = (int)(approxLocal / TimeSpan.TicksPerDay);
        var i = dayNumber - _firstDayNumber;
        if ((uint)i >= (uint)_days.Length) throw new CalendarCoverageException(Id, DateOnly.FromDayNumber(Math.Max(0, dayNumber)));
        var local = utc + _days[i].OffsetTicks;
        var fixedDay = (int)(local / TimeSpan.TicksPerDay) - _firstDayNumber;
        if (fixedDay != i)
        {
            if ((uint)fixedDay >= (uint)_days.Length) throw new CalendarCoverageException(Id, _first.AddDays(fixedDay));
            i = fixedDay;
        }
        return (i, local - (long)(i + _firstDayNumber) * TimeSpan.TicksPerDay);
    }

    /// <summary>Working ticks from the calendar's first day up to an instant.</summary>
    private long Position(DateTimeOffset instant)
    {
        var (i, tod) = Locate(instant);
        var day = _days[i];
        if (!day.Working) return _prefix[i];
        long worked = 0;
        var s = _sessions[day.YearIndex];
        for (var k = 0; k < s.Length; k += 2)
        {
            if (tod <= s[k]) break;
            worked += Math.Min(tod, s[k + 1]) - s[k];
            if (tod < s[k + 1]) break;
        }
        return _prefix[i] + worked;
    }

    private DateTimeOffset Instant(int dayIndex, long timeOfDayTicks)
    {
        var localTicks = (long)(dayIndex + _firstDayNumber) * TimeSpan.TicksPerDay + timeOfDayTicks;
        return new DateTimeOffset(localTicks - _days[dayIndex].OffsetTicks, TimeSpan.Zero);
    }
}
