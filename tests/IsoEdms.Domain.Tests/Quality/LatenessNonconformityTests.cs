using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Quality;
using IsoEdms.Domain.Tests.Cases;
using static IsoEdms.Domain.Tests.Cases.Shipped;

namespace IsoEdms.Domain.Tests.Quality;

/// <summary>Rule 12 and 18: the case-late and apology-missing nonconformities follow the case's classification.</summary>
public class LatenessNonconformityTests
{
    private static readonly Guid Id = Guid.NewGuid();

    /// <summary>A same-day certification received Monday 10:00 at the desk, finished at <paramref name="finish"/> (local hour) on day <paramref name="day"/> of March 2026.</summary>
    private static (CaseState Before, IReadOnlyList<object> Events) Finish(int day, int finish)
    {
        var ctx = Context("chung-thuc.ban-sao", asRecorded: true);
        var g = new Given(ctx, Id, "XQD-2026-000030", "xa-quang-dien", "nguyen-van-an", Local(2026, 3, 2, 10))
            .Then(s => CaseDecider.Complete(s, "receive", null, ctx, "nguyen-van-an", Local(2026, 3, 2, 10, 30)))
            .Then(s => CaseDecider.Complete(s, "review", "approve", ctx, "le-thi-hoa", Local(2026, 3, 2, 11)))
            .Then(s => CaseDecider.Complete(s, "sign", null, ctx, "tran-van-binh", Local(2026, 3, 2, 11, 10)));
        var before = g.State;
        return (before, CaseDecider.Complete(before, "record", null, ctx, "pham-thi-lan", Local(2026, 3, day, finish)).Events);
    }

    [Fact]
    public void Given_a_case_finished_after_its_due_date_without_an_apology_When_the_rules_run_Then_it_is_late_and_the_apology_is_missing()
    {
        var (before, events) = Finish(day: 3, finish: 9);   // due Monday 17:00, finished Tuesday
        events.OfType<CaseFinished>().Single().Classification.ShouldBe(Timeliness.Timeliness.Late);
        var raised = Nonconformities.From(before, events);
        raised.Select(n => (n.Source, n.Severity)).Order().ShouldBe([(NcSources.ApologyMissing, "major"), (NcSources.CaseLate, "major")]);
    }

    [Fact]
    public void Given_a_case_finished_on_its_due_date_after_the_due_hour_When_the_rules_run_Then_nothing_is_raised()
    {
        var (before, events) = Finish(day: 2, finish: 17);   // 17:00 on the due date itself: on time by date
        events.OfType<CaseFinished>().Single().Classification.ShouldBe(Timeliness.Timeliness.OnTime);
        Nonconformities.From(before, events).ShouldBeEmpty();
    }
}
