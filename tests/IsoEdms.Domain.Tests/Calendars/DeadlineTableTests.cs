using System.Globalization;
using IsoEdms.Domain.Calendars;

namespace IsoEdms.Domain.Tests.Calendars;

/// <summary>
/// Deadline table on the shipped vn-gov calendar (processes/calendars/vn-gov). Expected values were computed by an
/// independent minute-by-minute walk over the same calendar and spot-checked by hand.
/// </summary>
public class DeadlineTableTests
{
    [Fact]
    public void A_working_day_lasts_as_long_as_the_calendars_sessions()
    {
        // a province whose offices open at 07:30: 7.5 h working days; 2 working days from Monday 08:00 end on Wednesday
        // 08:00, not at 09:00 as 16 h would
        var file = Path.Combine(RepoPaths.Processes, "calendars", "vn-gov", "2026.yaml");
        var (year, errors) = CalendarFile.Parse(file, File.ReadAllText(file).Replace("\"07:00-11:30\"", "\"07:30-11:30\""));
        errors.ShouldBeEmpty();
        var calendar = new WorkingCalendar([year!], version: 1);
        calendar.WorkingDayLength(new DateOnly(2026, 3, 2)).ShouldBe(TimeSpan.FromHours(7.5));
        var due = Deadlines.Compute(calendar, DateTimeOffset.Parse("2026-03-02T08:00:00+07:00", CultureInfo.InvariantCulture), TimeLimit.WorkingDays(2));
        calendar.ToLocal(due.Due).ShouldBe(DateTimeOffset.Parse("2026-03-04T08:00:00+07:00", CultureInfo.InvariantCulture));
    }

    [Theory]
    // working hours inside one day, across lunch, before opening and after closing (rules 6-8)
    [InlineData("2026-03-02T08:00:00+07:00", "1 working hours", "", "2026-03-02T09:00:00+07:00")]
    [InlineData("2026-03-02T08:00:00+07:00", "3 working hours", "", "2026-03-02T11:00:00+07:00")]
    [InlineData("2026-03-02T08:00:00+07:00", "4 working hours", "", "2026-03-02T14:00:00+07:00")]
    [InlineData("2026-03-02T10:00:00+07:00", "1.5 working hours", "", "2026-03-02T11:30:00+07:00")]
    [InlineData("2026-03-02T10:00:00+07:00", "2 working hours", "", "2026-03-02T14:00:00+07:00")]
    [InlineData("2026-03-02T12:00:00+07:00", "1 working hours", "", "2026-03-02T14:30:00+07:00")]
    [InlineData("2026-03-02T06:00:00+07:00", "1 working hours", "", "2026-03-02T08:00:00+07:00")]
    [InlineData("2026-03-02T16:00:00+07:00", "1 working hours", "", "2026-03-02T17:00:00+07:00")]
    [InlineData("2026-03-02T16:00:00+07:00", "2 working hours", "", "2026-03-03T08:00:00+07:00")]
    [InlineData("2026-03-02T18:30:00+07:00", "1 working hours", "", "2026-03-03T08:00:00+07:00")]
    // working days: 8 h each; the due instant is the earliest moment the budget is used up (17:00, not next 07:00)
    [InlineData("2026-03-02T07:00:00+07:00", "1 working days", "", "2026-03-02T17:00:00+07:00")]
    [InlineData("2026-03-02T08:00:00+07:00", "1 working days", "", "2026-03-03T08:00:00+07:00")]
    [InlineData("2026-03-02T07:00:00+07:00", "5 working days", "", "2026-03-06T17:00:00+07:00")]
    [InlineData("2026-03-02T09:15:00+07:00", "3 working days", "", "2026-03-05T09:15:00+07:00")]
    // weekend receipts start at the next opening
    [InlineData("2026-03-06T16:00:00+07:00", "1 working days", "", "2026-03-09T16:00:00+07:00")]
    [InlineData("2026-03-07T10:00:00+07:00", "1 working days", "", "2026-03-09T17:00:00+07:00")]
    [InlineData("2026-03-08T10:00:00+07:00", "2 working days", "", "2026-03-10T17:00:00+07:00")]
    // cut-off 15:00: strictly after it counts from the next working day (rule 7)
    [InlineData("2026-03-02T15:30:00+07:00", "2 working days", "15:00", "2026-03-04T17:00:00+07:00")]
    [InlineData("2026-03-02T15:00:00+07:00", "2 working days", "15:00", "2026-03-04T15:00:00+07:00")]
    [InlineData("2026-03-02T14:59:00+07:00", "1 working days", "15:00", "2026-03-03T14:59:00+07:00")]
    [InlineData("2026-03-06T15:01:00+07:00", "1 working days", "15:00", "2026-03-09T17:00:00+07:00")]
    // Tết Nguyên Đán 2026: 14-22 Feb off
    [InlineData("2026-02-12T10:00:00+07:00", "3 working days", "", "2026-02-24T10:00:00+07:00")]
    [InlineData("2026-02-13T08:00:00+07:00", "1 working days", "", "2026-02-23T08:00:00+07:00")]
    [InlineData("2026-02-13T16:00:00+07:00", "1 working hours", "", "2026-02-13T17:00:00+07:00")]
    [InlineData("2026-02-16T09:00:00+07:00", "1 working days", "", "2026-02-23T17:00:00+07:00")]
    [InlineData("2026-02-20T09:00:00+07:00", "4 working hours", "", "2026-02-23T11:00:00+07:00")]
    [InlineData("2026-02-11T10:00:00+07:00", "10 working days", "", "2026-03-04T10:00:00+07:00")]
    // same day: end of the start day's last session; after the cut-off, the next working day
    [InlineData("2026-02-13T15:30:00+07:00", "same day", "15:00", "2026-02-23T17:00:00+07:00")]
    [InlineData("2026-02-13T14:00:00+07:00", "same day", "15:00", "2026-02-13T17:00:00+07:00")]
    [InlineData("2026-03-02T10:00:00+07:00", "same day", "", "2026-03-02T17:00:00+07:00")]
    [InlineData("2026-03-02T16:59:00+07:00", "same day", "15:00", "2026-03-03T17:00:00+07:00")]
    [InlineData("2026-03-07T10:00:00+07:00", "same day", "", "2026-03-09T17:00:00+07:00")]
    // Tết Dương lịch 2026 with the make-up Saturday 10 Jan (a working day) and Friday 2 Jan off
    [InlineData("2026-01-09T10:00:00+07:00", "1 working days", "", "2026-01-10T10:00:00+07:00")]
    [InlineData("2026-01-10T08:00:00+07:00", "2 working hours", "", "2026-01-10T10:00:00+07:00")]
    [InlineData("2026-01-10T16:00:00+07:00", "2 working hours", "", "2026-01-12T08:00:00+07:00")]
    [InlineData("2026-01-11T08:00:00+07:00", "1 working hours", "", "2026-01-12T08:00:00+07:00")]
    // year boundaries (2025 → 2026 → 2027)
    [InlineData("2025-12-31T16:00:00+07:00", "2 working hours", "", "2026-01-05T08:00:00+07:00")]
    [InlineData("2025-12-31T10:00:00+07:00", "3 working days", "", "2026-01-07T10:00:00+07:00")]
    [InlineData("2025-12-30T09:00:00+07:00", "21 working days", "", "2026-01-29T09:00:00+07:00")]
    [InlineData("2026-12-31T15:00:00+07:00", "1 working days", "", "2027-01-04T15:00:00+07:00")]
    [InlineData("2026-12-30T08:00:00+07:00", "20 working days", "", "2027-01-28T08:00:00+07:00")]
    // Giỗ Tổ in lieu 27 Apr, 30 Apr - 1 May, Quốc khánh 1-2 Sep 2026
    [InlineData("2026-04-24T10:00:00+07:00", "2 working days", "", "2026-04-29T10:00:00+07:00")]
    [InlineData("2026-04-29T08:00:00+07:00", "2 working days", "", "2026-05-05T08:00:00+07:00")]
    [InlineData("2026-04-29T16:00:00+07:00", "same day", "15:00", "2026-05-04T17:00:00+07:00")]
    [InlineData("2026-08-31T09:00:00+07:00", "1 working days", "", "2026-09-03T09:00:00+07:00")]
    // calendar days, Civil Code arts. 147-148: from the day after, last day moved to the next working day
    [InlineData("2026-03-02T10:00:00+07:00", "15 calendar days", "", "2026-03-17T17:00:00+07:00")]
    [InlineData("2026-02-05T10:00:00+07:00", "10 calendar days", "", "2026-02-23T17:00:00+07:00")]
    [InlineData("2026-03-06T10:00:00+07:00", "1 calendar days", "", "2026-03-09T17:00:00+07:00")]
    [InlineData("2026-03-05T10:00:00+07:00", "2 calendar days", "", "2026-03-09T17:00:00+07:00")]
    [InlineData("2026-12-25T09:00:00+07:00", "7 calendar days", "", "2027-01-04T17:00:00+07:00")]
    [InlineData("2026-04-20T09:00:00+07:00", "10 calendar days", "", "2026-05-04T17:00:00+07:00")]
    // counted from the day after receipt, not after the clock start: a Saturday receipt with 1 day falls due on Monday
    // (the period ends on Sunday, not a working day), and so does a Friday receipt after the cut-off
    [InlineData("2026-03-07T10:00:00+07:00", "1 calendar days", "", "2026-03-09T17:00:00+07:00")]
    [InlineData("2026-03-06T16:00:00+07:00", "1 calendar days", "15:00", "2026-03-09T17:00:00+07:00")]
    [InlineData("2026-03-06T16:00:00+07:00", "3 calendar days", "15:00", "2026-03-09T17:00:00+07:00")]
    // 2025: Tết Ất Tỵ with make-up Saturday 8 Feb, make-up Saturday 26 Apr, reunification holidays
    [InlineData("2025-01-24T10:00:00+07:00", "1 working days", "", "2025-02-03T10:00:00+07:00")]
    [InlineData("2025-02-07T16:00:00+07:00", "2 working hours", "", "2025-02-08T08:00:00+07:00")]
    [InlineData("2025-04-25T09:00:00+07:00", "1 working days", "", "2025-04-26T09:00:00+07:00")]
    [InlineData("2025-04-29T14:00:00+07:00", "1 working days", "", "2025-05-05T14:00:00+07:00")]
    [InlineData("2025-06-30T16:30:00+07:00", "1 working hours", "", "2025-07-01T07:30:00+07:00")]
    // 2027 (provisional): Tết Đinh Mùi 5-11 Feb, Giỗ Tổ 16 Apr with cut-off, Quốc khánh 2-3 Sep
    [InlineData("2027-02-04T10:00:00+07:00", "2 working days", "", "2027-02-15T10:00:00+07:00")]
    [InlineData("2027-04-15T15:30:00+07:00", "1 working days", "15:00", "2027-04-19T17:00:00+07:00")]
    [InlineData("2027-09-01T08:00:00+07:00", "2 working days", "", "2027-09-07T08:00:00+07:00")]
    // session edges
    [InlineData("2026-03-02T11:30:00+07:00", "1 working hours", "", "2026-03-02T14:30:00+07:00")]
    [InlineData("2026-03-02T11:29:00+07:00", "1 working hours", "", "2026-03-02T14:29:00+07:00")]
    [InlineData("2026-03-02T17:00:00+07:00", "0.5 working hours", "", "2026-03-03T07:30:00+07:00")]
    [InlineData("2026-03-02T13:30:00+07:00", "3.5 working hours", "", "2026-03-02T17:00:00+07:00")]
    [InlineData("2026-03-02T07:00:00+07:00", "4.5 working hours", "", "2026-03-02T11:30:00+07:00")]
    public void Due_instant_follows_the_official_calendar(string from, string limit, string cutoff, string expected)
    {
        var calendar = TestCalendars.VnGov;
        TimeLimit.TryParse(limit, out var parsed, out var error).ShouldBeTrue(error);
        TimeOnly? cut = cutoff == "" ? null : TimeOnly.Parse(cutoff, CultureInfo.InvariantCulture);

        var deadline = Deadlines.Compute(calendar, DateTimeOffset.Parse(from, CultureInfo.InvariantCulture), parsed, cut);

        calendar.ToLocal(deadline.Due).ShouldBe(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture));
        deadline.DueDate.ShouldBe(DateOnly.FromDateTime(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture).DateTime));
        deadline.Due.Offset.ShouldBe(TimeSpan.Zero, "instants are kept in UTC");
    }
}
