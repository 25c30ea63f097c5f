using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Tests.Cases;
using static IsoEdms.Domain.Tests.Cases.Shipped;

namespace IsoEdms.Domain.Tests.Calendars;

/// <summary>Rule 24: an open case follows the calendar in force; what already happened is never recomputed.</summary>
public class CalendarFollowTests
{
    private static readonly Guid Id = Guid.NewGuid();

    /// <summary>The shipped calendar as version 4, with <paramref name="dayOff"/> announced as a holiday.</summary>
    private static WorkingCalendar Revised(DateOnly dayOff)
    {
        var years = TestCalendars.VnGov.Years.Select(y => y.Year == dayOff.Year
            ? y with { Revision = y.Revision + 1, Holidays = [.. y.Holidays, new Holiday(dayOff, dayOff, "Nghỉ bổ sung")] } : y);
        return new WorkingCalendar(years, version: TestCalendars.VnGov.Version + 1);
    }

    [Fact]
    public void Given_an_open_case_When_its_due_day_becomes_a_holiday_Then_the_working_time_it_had_left_runs_on_the_new_calendar()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");   // 2 working days from Monday 08:00
        var g = new Given(ctx, Id, "XQD-2026-000040", "xa-quang-dien", "nguyen-van-an", Local(2026, 3, 2, 8));
        var due = g.State.Deadline;
        var revised = Revised(due.DueDate);
        var now = Local(2026, 3, 2, 10);
        var e = CaseDecider.FollowCalendar(g.State, ctx, revised, "system", now).ShouldHaveSingleItem().ShouldBeOfType<CaseCalendarFollowed>();
        var left = TestCalendars.VnGov.WorkingTimeBetween(now, due.Due);
        (e.PreviousDue, e.Due, e.Moved, e.ToVersion).ShouldBe((due.Due, revised.AddWorkingTime(now, left), true, revised.Version));
        e.DueDate.ShouldBe(due.DueDate.AddDays(1));   // Wednesday off: Thursday at the same hour
        g.State.Apply(e).ShouldSatisfyAllConditions(
            s => s.CalendarVersion.ShouldBe(revised.Version), s => s.Deadline.Due.ShouldBe(e.Due), s => s.Current!.Due.ShouldBe(e.StepDue!.Value));
    }

    [Fact]
    public void Given_a_case_whose_due_instant_has_passed_When_a_revision_changes_that_day_Then_its_lateness_stands()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");
        var g = new Given(ctx, Id, "XQD-2026-000041", "xa-quang-dien", "nguyen-van-an", Local(2026, 3, 2, 8));
        var later = g.State.Deadline.Due.AddDays(3);
        var e = CaseDecider.FollowCalendar(g.State, ctx, Revised(g.State.Deadline.DueDate), "system", later).ShouldHaveSingleItem().ShouldBeOfType<CaseCalendarFollowed>();
        (e.Due, e.Moved).ShouldBe((g.State.Deadline.Due, false));
    }

    [Fact]
    public void A_closed_or_finished_case_or_one_already_on_the_version_in_force_does_not_follow()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");
        var g = new Given(ctx, Id, "XQD-2026-000042", "xa-quang-dien", "nguyen-van-an", Local(2026, 3, 2, 8));
        CaseDecider.FollowCalendar(g.State, ctx, TestCalendars.VnGov, "system", Local(2026, 3, 2, 9)).ShouldBeEmpty();   // same version
        var stopped = g.State.Apply(new CaseStopped(Id, "XQD-2026-000042", "chung-thuc.hop-dong-dat", "xa-quang-dien", "receive", "xa-quang-dien", "rút hồ sơ", new DateOnly(2026, 3, 2), "nguyen-van-an", Local(2026, 3, 2, 9)));
        CaseDecider.FollowCalendar(stopped, ctx, Revised(new DateOnly(2026, 3, 4)), "system", Local(2026, 3, 2, 10)).ShouldBeEmpty();
    }
}
