using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Timeliness;
using IsoEdms.Domain.Tests.Cases;
using static IsoEdms.Domain.Tests.Cases.Shipped;

namespace IsoEdms.Domain.Tests.Statistics;

/// <summary>Rules 10 and 12: the statistics fact keeps the days on which a case's clock stood still, so that the report does not count it overdue then.</summary>
public class ClockStopTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset Monday = Local(2026, 3, 2, 8);


    [Fact]
    public void Given_a_suspended_case_When_it_is_resumed_Then_the_fact_keeps_the_days_its_clock_stood_still_on_the_local_calendar()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");
        // suspended on Monday at 23:30 UTC, which is already Tuesday 3 March in Huế; resumed on Thursday
        var suspendedAt = Local(2026, 3, 3, 6, 30);
        var g = new Given(ctx, Id, "XQD-2026-000030", "xa-quang-dien", "nguyen-van-an", Monday)
            .Then(s => CaseDecider.Suspend(s, SuspensionReason.Supplement, ["Bản sao CCCD"], null, ctx, "nguyen-van-an", suspendedAt));
        var open = Facts.Fold(g.History).Stops.ShouldHaveSingleItem();
        (open.From, open.Until, open.Step).ShouldBe((new DateOnly(2026, 3, 3), (DateOnly?)null, (string?)null));

        g.Then(s => CaseDecider.Resume(s, ctx, "nguyen-van-an", Local(2026, 3, 5, 9)));
        var closed = Facts.Fold(g.History).Stops.ShouldHaveSingleItem();
        (closed.From, closed.Until).ShouldBe((new DateOnly(2026, 3, 3), (DateOnly?)new DateOnly(2026, 3, 5)));
    }

    [Fact]
    public void Given_a_case_in_a_step_that_stops_the_clock_When_the_step_ends_Then_its_days_are_a_stop_of_their_own()
    {
        var ctx = Context("dat-dai.dang-ky-lan-dau");
        var g = new Given(ctx, Id, "XQD-2026-000031", "xa-quang-dien", "nguyen-van-an", Monday)
            .Then(s => CaseDecider.Complete(s, "receive", null, ctx, "nguyen-van-an", Monday.AddHours(1)))
            .Then(s => CaseDecider.Complete(s, "confirm", "approve", ctx, "vo-thi-mai", Monday.AddHours(3)))
            .Then(s => CaseDecider.Complete(s, "appraise", null, ctx, "kieu-thi-dung", Monday.AddHours(5)));
        g.State.Current!.StopsClock.ShouldBeTrue();
        var atTax = Facts.Fold(g.History).Stops.ShouldHaveSingleItem();
        (atTax.From, atTax.Until, atTax.Step).ShouldBe((new DateOnly(2026, 3, 2), (DateOnly?)null, g.State.Current.Id));

        g.Then(s => CaseDecider.Complete(s, g.State.Current.Id, null, ctx, "chau-van-tai", Local(2026, 3, 9, 10)));
        Facts.Fold(g.History).Stops.ShouldHaveSingleItem().Until.ShouldBe(new DateOnly(2026, 3, 9));
    }
}
