using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Timeliness;
using IsoEdms.Domain.Tests.Cases;
using static IsoEdms.Domain.Tests.Cases.Shipped;

namespace IsoEdms.Domain.Tests.Statistics;

/// <summary>At risk before late: the share of a step's budget used on the working calendar, its state, and the breach probability.</summary>
public class RiskTests
{
    private static readonly DateTimeOffset Monday = Local(2026, 3, 2, 8);

    // chung-thuc.hop-dong-dat: receive has a budget of 2 working hours, review 8; the calendar's sessions are 07:00-11:30 and 13:30-17:00
    private static Given Received() => new(Context("chung-thuc.hop-dong-dat"), Guid.NewGuid(), "XQD-2026-000501", "xa-quang-dien", "nguyen-van-an", Monday);

    [Theory]
    [InlineData(9, 0, 0.5, RiskStates.OnTrack)]
    [InlineData(9, 30, 0.75, RiskStates.AtRisk)]
    [InlineData(10, 30, 1.25, RiskStates.Overdue)]
    public void Given_a_step_of_two_working_hours_from_8_00_When_it_is_judged_Then_the_share_used_and_the_state_follow_the_clock(int hour, int minute, double used, string state)
    {
        var s = Received().State;
        var risk = Risk.Assess(s, TestCalendars.VnGov, Risk.DefaultAtRiskAt, Local(2026, 3, 2, hour, minute));
        risk.Used.ShouldBe((decimal)used);
        risk.State.ShouldBe(state);
        risk.Due.ShouldBe(Local(2026, 3, 2, 10));   // the step's due comes before the case's
        risk.ElapsedMinutes.ShouldBe(used * 120, 0.001);
    }

    [Fact]
    public void Given_a_procedure_that_sets_its_own_threshold_When_three_quarters_are_used_Then_the_step_is_still_on_track()
    {
        var s = Received().State;
        Risk.Assess(s, TestCalendars.VnGov, 0.8m, Local(2026, 3, 2, 9, 30)).State.ShouldBe(RiskStates.OnTrack);
        Risk.Assess(s, TestCalendars.VnGov, 0.8m, Local(2026, 3, 2, 9, 40)).State.ShouldBe(RiskStates.AtRisk);
    }

    [Fact]
    public void Given_a_suspended_case_When_it_is_judged_days_later_Then_its_step_is_judged_as_it_stood_when_the_clock_stopped()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");
        var g = Received()
            .Then(s => CaseDecider.Complete(s, "receive", null, ctx, "nguyen-van-an", Local(2026, 3, 2, 9)))
            .Then(s => CaseDecider.Suspend(s, SuspensionReason.Supplement, ["Bản sao CCCD"], null, ctx, "nguyen-van-an", Local(2026, 3, 2, 13, 30)));
        g.State.Current!.Id.ShouldBe("review");
        // 09:00-11:30 used: 2.5 of 8 working hours
        var risk = Risk.Assess(g.State, TestCalendars.VnGov, Risk.DefaultAtRiskAt, Local(2026, 3, 4, 16));
        risk.Used.ShouldBe(0.313m);
        risk.State.ShouldBe(RiskStates.OnTrack);
    }

    [Fact]
    public void Given_a_history_When_a_step_has_run_a_while_Then_the_probability_counts_only_the_cases_that_had_not_ended_by_then()
    {
        int[] history = [60, 120, 180, 240, 600];
        // of those still running after 100 minutes (120, 180, 240, 600), two went past 100 + 100: (2 + 0.5) / (4 + 1)
        Risk.BreachProbability(history, elapsedMinutes: 100, minutesToCaseDue: 100).ShouldBe(0.5);
        // with more time left, only 600 goes past 100 + 300: (1 + 0.5) / 5
        Risk.BreachProbability(history, 100, 300).ShouldBe(0.3);
        // nothing ever took that long: never a plain 0
        Risk.BreachProbability(history, 100, 10_000).ShouldBe(0.1);
    }

    [Fact]
    public void Given_a_case_already_past_its_due_Then_the_breach_is_certain_and_without_history_nothing_is_guessed()
    {
        Risk.BreachProbability([60, 120], 10, -1).ShouldBe(1.0);
        Risk.BreachProbability([], 10, 100).ShouldBeNull();
    }

    [Fact]
    public void Given_a_unit_with_too_few_cases_Then_the_procedure_at_every_unit_is_the_history()
    {
        var unit = Enumerable.Repeat(60, Risk.MinSamples - 1).ToList();
        var everywhere = Enumerable.Repeat(90, 100).ToList();
        Risk.HistoryFor(unit, everywhere).ShouldBeSameAs(everywhere);
        unit.Add(60);
        Risk.HistoryFor(unit, everywhere).ShouldBeSameAs(unit);
    }
}
