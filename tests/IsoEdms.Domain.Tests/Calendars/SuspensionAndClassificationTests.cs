using System.Globalization;
using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Timeliness;

namespace IsoEdms.Domain.Tests.Calendars;

public class SuspensionAndClassificationTests
{
    private static readonly WorkingCalendar Cal = TestCalendars.VnGov;
    private static DateTimeOffset At(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);
    private static DateTimeOffset Local(DateTimeOffset utc) => Cal.ToLocal(utc);

    [Fact]
    public void Given_a_pause_policy_When_suspended_two_working_hours_Then_the_due_instant_moves_by_two_working_hours()
    {
        var limit = TimeLimit.WorkingDays(3);
        var d = Deadlines.Compute(Cal, At("2026-03-02T08:00:00+07:00"), limit);          // due Thu 5 Mar 08:00
        var after = Deadlines.AfterSuspension(Cal, d, limit, SuspensionPolicy.Pause, At("2026-03-03T09:00:00+07:00"), At("2026-03-03T11:00:00+07:00"));
        Local(d.Due).ShouldBe(At("2026-03-05T08:00:00+07:00"));
        Local(after.Due).ShouldBe(At("2026-03-05T10:00:00+07:00"));
        after.ClockStart.ShouldBe(d.ClockStart);
    }

    [Fact]
    public void Given_a_pause_policy_When_suspended_over_Tet_Then_only_working_time_counts()
    {
        var limit = TimeLimit.WorkingDays(3);
        var d = Deadlines.Compute(Cal, At("2026-02-11T08:00:00+07:00"), limit);          // Wed 11 Feb 08:00 -> Mon 23 Feb 08:00 (Tết 14-22 Feb)
        // suspended Fri 13 Feb 16:00 to Tue 24 Feb 07:30: 1 h on 13 Feb + 8 h on 23 Feb + 0.5 h on 24 Feb = 9.5 h
        var after = Deadlines.AfterSuspension(Cal, d, limit, SuspensionPolicy.Pause, At("2026-02-13T16:00:00+07:00"), At("2026-02-24T07:30:00+07:00"));
        Cal.WorkingTimeBetween(At("2026-02-13T16:00:00+07:00"), At("2026-02-24T07:30:00+07:00")).ShouldBe(TimeSpan.FromHours(9.5));
        Local(d.Due).ShouldBe(At("2026-02-23T08:00:00+07:00"));
        Local(after.Due).ShouldBe(At("2026-02-24T09:30:00+07:00"));
    }

    [Fact]
    public void Given_a_restart_policy_When_resumed_Then_the_full_limit_runs_again_from_the_resume()
    {
        var limit = TimeLimit.WorkingDays(2);
        var d = Deadlines.Compute(Cal, At("2026-03-02T08:00:00+07:00"), limit);
        var after = Deadlines.AfterSuspension(Cal, d, limit, SuspensionPolicy.Restart, At("2026-03-03T09:00:00+07:00"), At("2026-03-09T10:00:00+07:00"));
        Local(after.ClockStart).ShouldBe(At("2026-03-09T10:00:00+07:00"));
        Local(after.Due).ShouldBe(At("2026-03-11T10:00:00+07:00"));
    }

    [Fact]
    public void Given_a_restart_policy_When_resubmitted_after_the_cutoff_Then_the_limit_runs_from_the_next_working_day()
    {
        var limit = TimeLimit.WorkingDays(1);
        var d = Deadlines.Compute(Cal, At("2026-03-02T08:00:00+07:00"), limit, new TimeOnly(15, 0));
        var after = Deadlines.AfterSuspension(Cal, d, limit, SuspensionPolicy.Restart, At("2026-03-02T09:00:00+07:00"), At("2026-03-06T16:00:00+07:00"), new TimeOnly(15, 0));
        Local(after.Due).ShouldBe(At("2026-03-09T17:00:00+07:00"));
    }

    [Fact]
    public void A_case_cannot_resume_before_it_was_suspended()
    {
        var limit = TimeLimit.WorkingDays(1);
        var d = Deadlines.Compute(Cal, At("2026-03-02T08:00:00+07:00"), limit);
        Should.Throw<ArgumentException>(() => Deadlines.AfterSuspension(Cal, d, limit, SuspensionPolicy.Pause, At("2026-03-03T09:00:00+07:00"), At("2026-03-03T08:00:00+07:00")));
    }

    [Theory]
    // case: local finishing date against the due date (rule 12)
    [InlineData("2026-03-04T16:00:00+07:00", "2026-03-05", "Early")]
    [InlineData("2026-03-05T16:59:00+07:00", "2026-03-05", "OnTime")]
    [InlineData("2026-03-05T23:30:00+07:00", "2026-03-05", "OnTime")]   // still 5 Mar in Huế, 16:30 UTC
    [InlineData("2026-03-06T07:00:00+07:00", "2026-03-05", "Late")]
    [InlineData("2026-03-05T00:30:00+07:00", "2026-03-05", "OnTime")]   // 4 Mar 17:30 UTC is already 5 Mar locally
    public void Case_classification_uses_the_local_date(string finished, string dueDate, string expected)
    {
        Vn2025Policy.Instance.ClassifyCase(Cal, At(finished), DateOnly.Parse(dueDate, CultureInfo.InvariantCulture)).ToString().ShouldBe(expected);
    }

    [Theory]
    // step: late after the due instant; early on a working date before the due date; zero budget not classified (rule 14)
    [InlineData("2026-03-03T10:01:00+07:00", "2026-03-03T10:00:00+07:00", 2, "Late")]
    [InlineData("2026-03-03T09:00:00+07:00", "2026-03-03T10:00:00+07:00", 2, "OnTime")]
    [InlineData("2026-03-02T16:00:00+07:00", "2026-03-03T10:00:00+07:00", 8, "Early")]
    [InlineData("2026-03-03T10:00:00+07:00", "2026-03-03T10:00:00+07:00", 2, "OnTime")]
    [InlineData("2026-03-03T12:00:00+07:00", "2026-03-03T10:00:00+07:00", 0, "")]
    public void Step_classification(string completed, string due, double budgetHours, string expected)
    {
        var c = Vn2025Policy.Instance.ClassifyStep(Cal, At(completed), At(due), TimeSpan.FromHours(budgetHours));
        (c?.ToString() ?? "").ShouldBe(expected);
    }

    [Fact]
    public void A_deadline_beyond_the_published_years_is_refused_with_the_date()
    {
        var ex = Should.Throw<CalendarCoverageException>(() => Deadlines.Compute(Cal, At("2027-12-30T08:00:00+07:00"), TimeLimit.WorkingDays(10)));
        ex.Message.ShouldContain("vn-gov");
        Should.Throw<CalendarCoverageException>(() => Cal.ClockStart(At("2024-12-31T08:00:00+07:00")));
    }

    [Fact]
    public void Make_up_saturday_is_a_working_day_and_the_swapped_friday_is_not()
    {
        Cal.IsWorkingDay(new DateOnly(2026, 1, 10)).ShouldBeTrue();
        Cal.IsWorkingDay(new DateOnly(2026, 1, 2)).ShouldBeFalse();
        Cal.IsWorkingDay(new DateOnly(2026, 2, 23)).ShouldBeTrue();
        Cal.IsWorkingDay(new DateOnly(2026, 2, 20)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("3 working days", "WorkingDays", 3)]
    [InlineData("4 working hours", "WorkingHours", 4)]
    [InlineData("15 calendar days", "CalendarDays", 15)]
    [InlineData("same day", "SameDay", 0)]
    [InlineData("1 working day", "WorkingDays", 1)]
    public void Time_limits_parse(string text, string kind, int amount)
    {
        TimeLimit.TryParse(text, out var l, out _).ShouldBeTrue();
        l.Kind.ToString().ShouldBe(kind);
        l.Amount.ShouldBe(amount);
    }

    [Theory]
    [InlineData("three days")]
    [InlineData("0 working days")]
    [InlineData("2.5 calendar days")]
    [InlineData("-1 working hours")]
    [InlineData("")]
    public void Bad_time_limits_are_refused_with_a_reason(string text)
    {
        TimeLimit.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrWhiteSpace();
    }
}
