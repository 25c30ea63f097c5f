using BenchmarkDotNet.Attributes;
using IsoEdms.Domain.Calendars;

namespace IsoEdms.Benchmarks;

/// <summary>
/// Due-date computations for working_days limits across a year, on the shipped vn-gov calendar (2025-2027).
/// <c>Engine</c> is the compiled calendar (prefix sums + binary search); <c>NaiveBaseline</c> walks day by day and
/// session by session over the same calendar data, as a straightforward implementation would. Each operation computes
/// <see cref="Batch"/> deadlines, so ops/s = Batch / mean time.
/// </summary>
[MemoryDiagnoser]
public class DeadlineBenchmarks
{
    public const int Batch = 1_000;
    private WorkingCalendar _calendar = null!;
    private CalendarYear[] _years = null!;
    private DateTimeOffset[] _receipts = null!;
    private TimeLimit[] _limits = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = FindCalendarFolder();
        _years = Directory.GetFiles(folder, "*.yaml").Order().Select(f => CalendarFile.Parse(f, File.ReadAllText(f)).Year!).ToArray();
        _calendar = new WorkingCalendar(_years);
        var rng = new Random(2026);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(7));
        _receipts = Enumerable.Range(0, Batch).Select(_ => start.AddMinutes(rng.Next(0, 365 * 24 * 60)).ToUniversalTime()).ToArray();
        int[] days = [1, 2, 3, 5, 10, 15, 20, 21];
        _limits = Enumerable.Range(0, Batch).Select(i => TimeLimit.WorkingDays(days[i % days.Length])).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public DateTimeOffset NaiveBaseline()
    {
        var last = default(DateTimeOffset);
        for (var i = 0; i < Batch; i++) last = Naive.Due(_years, _receipts[i], _limits[i].WorkingBudget(TimeSpan.FromHours(8))!.Value);
        return last;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public DateTimeOffset Engine()
    {
        var last = default(DateTimeOffset);
        for (var i = 0; i < Batch; i++) last = Deadlines.Compute(_calendar, _receipts[i], _limits[i]).Due;
        return last;
    }

    private static string FindCalendarFolder()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var f = Path.Combine(d.FullName, "processes", "calendars", "vn-gov");
            if (Directory.Exists(f)) return f;
        }
        throw new InvalidOperationException("processes/calendars/vn-gov not found");
    }
}

/// <summary>The straightforward way: convert to local time, then walk sessions day by day.</summary>
public static class Naive
{
    private static readonly TimeZoneInfo Tz = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    public static DateTimeOffset Due(CalendarYear[] years, DateTimeOffset receipt, TimeSpan budget)
    {
        var local = TimeZoneInfo.ConvertTime(receipt, Tz);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var remaining = budget;
        while (true)
        {
            var y = years.First(x => x.Year == date.Year);
            if (y.IsWorkingDay(date))
            {
                foreach (var s in y.Sessions)
                {
                    if (time >= s.End) continue;
                    var from = time > s.Start ? time : s.Start;
                    var available = s.End - from;
                    if (remaining <= available)
                        return new DateTimeOffset(date.ToDateTime(from.Add(remaining)), Tz.GetUtcOffset(date.ToDateTime(from))).ToUniversalTime();
                    remaining -= available;
                }
            }
            date = date.AddDays(1);
            time = TimeOnly.MinValue;
        }
    }
}
