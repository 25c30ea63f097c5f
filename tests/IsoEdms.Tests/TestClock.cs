using Microsoft.Extensions.Time.Testing;

namespace IsoEdms.Tests;

/// <summary>
/// The host's clock in tests: a fake clock that only moves forward while a test runs, and that each test starts again
/// at a fixed instant (<see cref="StartAt"/>), so no test inherits the time another one left behind and a test's
/// expected instants can be written as literals.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private FakeTimeProvider _current = new(start);

    /// <summary>Monday 2 March 2026, 08:00 in Huế: a working day, the first instant of every test.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh fake clock at <paramref name="instant"/> (it may lie before the time the last test left).</summary>
    public void StartAt(DateTimeOffset instant) => _current = new FakeTimeProvider(instant);

    public void Advance(TimeSpan by) => _current.Advance(by);

    public void SetUtcNow(DateTimeOffset instant) => _current.SetUtcNow(instant);

    public override DateTimeOffset GetUtcNow() => _current.GetUtcNow();

    public override long GetTimestamp() => _current.GetTimestamp();

    public override long TimestampFrequency => _current.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _current.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _current.CreateTimer(callback, state, dueTime, period);
}
