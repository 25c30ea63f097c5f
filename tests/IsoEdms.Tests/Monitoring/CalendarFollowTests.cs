using Alba;
using IsoEdms.Calendars;
using IsoEdms.Cases;
using IsoEdms.Domain.Cases;
using IsoEdms.Tests.Cases;
using Marten;
using Wolverine;
using Wolverine.Tracking;

namespace IsoEdms.Tests.Monitoring;

/// <summary>Rule 24: a calendar revision published while cases are open reaches them, with the old and new due instants.</summary>
public class CalendarFollowTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);

    private Task RunFollowJob() => seeded.App.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(60)).ExecuteAndWaitAsync((Func<IMessageContext, Task>)(ctx =>
        new CalendarFollowJob(seeded.App.Host.Services.GetRequiredService<IDocumentStore>(), ctx).RunAsync()));

    private async Task<List<object>> Events(Guid id)
    {
        await using var session = seeded.App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
    }

    [Fact]
    public async Task a_revision_that_makes_the_due_day_a_holiday_moves_the_open_cases_due_and_leaves_the_others_pinned_anew()
    {
        _api.NextWorkingDay(8);
        var moved = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");   // 2 working days
        var before = await _api.Details(moved.Id);
        var other = await _api.Receive("chung-thuc.ban-sao", "xa-quang-dien", "nguyen-van-an");        // due today
        var otherBefore = await _api.Details(other.Id);
        before.DueDate.ShouldBeGreaterThan(otherBefore.DueDate);

        // the official announcement makes the first case's due date a day off (revision 2 of the year)
        var year = before.DueDate.Year;
        var shipped = await File.ReadAllTextAsync(Path.Combine(Cli.Processes("calendars/vn-gov"), $"{year}.yaml"));
        shipped.ShouldContain("revision: 1");
        var revised = shipped.Replace("revision: 1", "revision: 2")
            .Replace("holidays:\n", $"holidays:\n  - {{ date: {before.DueDate:yyyy-MM-dd}, name: \"Nghỉ theo thông báo bổ sung\" }}\n");
        var folder = Directory.CreateDirectory(Path.Combine(Directory.CreateTempSubdirectory("isoedms-calendar-").FullName, "calendars", "vn-gov")).FullName;
        var file = Path.Combine(folder, $"{year}.yaml");
        await File.WriteAllTextAsync(file, revised);
        var published = await Cli.RunAsync(seeded.App.ConnectionString, "calendars", "publish", file);
        published.Exit.ShouldBe(0, published.Err);

        await RunFollowJob();
        var followed = (await Events(moved.Id)).OfType<CaseCalendarFollowed>().ShouldHaveSingleItem();
        (followed.FromVersion, followed.ToVersion, followed.PreviousDue, followed.Moved).ShouldBe((before.CalendarVersion, before.CalendarVersion + 1, before.Due, true));
        followed.DueDate.ShouldBe(_api.Calendar.LocalDate(followed.Due));
        followed.DueDate.ShouldBeGreaterThan(before.DueDate);   // the day off is not a working day any more
        (followed.Due - before.Due).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromHours(24));
        var after = await _api.Details(moved.Id);
        (after.Due, after.DueDate, after.CalendarVersion).ShouldBe((followed.Due, followed.DueDate, followed.ToVersion));
        after.Timeline.Last().Event.ShouldBe("case_calendar_followed");

        // the case due today keeps its instants, but follows the version in force too, so later decisions use it
        var unchanged = (await Events(other.Id)).OfType<CaseCalendarFollowed>().ShouldHaveSingleItem();
        (unchanged.Moved, unchanged.Due).ShouldBe((false, otherBefore.Due));

        // the job looks again and finds nothing behind: nothing is recorded twice
        await RunFollowJob();
        (await Events(moved.Id)).OfType<CaseCalendarFollowed>().Count().ShouldBe(1);

        // the case goes on under the new version, and its queue row shows the new due instant
        (await _api.Queue("unit", "xa-quang-dien")).Single(q => q.Id == moved.Id).CaseDue.ShouldBe(followed.Due);
        await _api.Act($"/api/cases/{moved.Id}/steps/receive/complete", new IsoEdms.Cases.Working.CompleteStep(after.Version, null), "nguyen-van-an");
    }
}
