using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Timeliness;
using IsoEdms.Domain.Tests.Cases;
using static IsoEdms.Domain.Tests.Cases.Shipped;

namespace IsoEdms.Domain.Tests.Statistics;

/// <summary>Rule 14: a late step counts for the unit and person that held it when it ran late, not for whoever finished it.</summary>
public class StepAttributionTests
{
    private static readonly WorkingCalendar Cal = TestCalendars.VnGov;
    private static readonly Guid Id = Guid.NewGuid();


    [Fact]
    public void Given_a_step_that_ran_late_with_its_holder_When_someone_else_takes_it_over_and_finishes_it_Then_the_holder_carries_the_lateness()
    {
        // the desk officer holds the 2-hour receive step from 08:00; at 11:00 it has run late and the head hands it to another officer
        var ctx = Context("chung-thuc.hop-dong-dat", asRecorded: true);
        var received = Local(2026, 3, 2, 8);
        var g = new Given(ctx, Id, "XQD-2026-000020", "xa-quang-dien", "nguyen-van-an", received);
        var due = g.State.Current!.Due;
        var handover = new StepAssigned(Id, "receive", "xa-quang-dien", "le-thi-hoa", false, "tran-van-binh", due.AddHours(1));
        var finished = CaseDecider.Complete(g.State.Apply(handover), "receive", null, ctx, "le-thi-hoa", due.AddHours(2));
        var fact = Facts.Fold([.. g.History, handover, .. finished.Events]);

        var step = fact.Steps.Single(s => s.Step == "receive");
        step.Classification.ShouldBe("late");
        (step.Unit, step.Person).ShouldBe(("xa-quang-dien", "nguyen-van-an"));
    }

    [Fact]
    public void Given_a_step_handed_over_before_its_due_instant_When_finished_in_time_or_late_Then_the_one_who_had_it_at_the_due_instant_counts()
    {
        var ctx = Context("chung-thuc.hop-dong-dat", asRecorded: true);
        var received = Local(2026, 3, 2, 8);
        var g = new Given(ctx, Id, "XQD-2026-000021", "xa-quang-dien", "nguyen-van-an", received);
        var due = g.State.Current!.Due;
        var early = new StepAssigned(Id, "receive", "xa-quang-dien", "le-thi-hoa", false, "tran-van-binh", due.AddMinutes(-30));
        var late = CaseDecider.Complete(g.State.Apply(early), "receive", null, ctx, "le-thi-hoa", due.AddHours(1));
        Facts.Fold([.. g.History, early, .. late.Events]).Steps.Single(s => s.Step == "receive").Person.ShouldBe("le-thi-hoa");   // she held it when it ran late

        var onTime = CaseDecider.Complete(g.State.Apply(early), "receive", null, ctx, "le-thi-hoa", due.AddMinutes(-10));
        var step = Facts.Fold([.. g.History, early, .. onTime.Events]).Steps.Single(s => s.Step == "receive");
        (step.Classification, step.Person).ShouldBe(("on_time", "le-thi-hoa"));   // in time: whoever completed it
    }
}
