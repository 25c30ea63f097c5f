using IsoEdms.Cases;

namespace IsoEdms.Tests.Cases;

/// <summary>The light of a work-queue row (rule 10): a stopped clock is never red.</summary>
public class WorkQueueLightTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 3, 0, 0, TimeSpan.Zero);

    private static QueueItem Item(bool stopsClock, decimal budgetHours, DateTimeOffset stepDue, DateTimeOffset caseDue) => new()
    {
        Step = "tax", StopsClock = stopsClock, StepBudgetHours = budgetHours, StepDue = stepDue, CaseDue = caseDue,
    };

    [Fact]
    public void Inside_a_step_that_stops_the_clock_the_cases_passed_due_instant_does_not_turn_the_light_red()
    {
        var caseDue = Now.AddDays(-3);
        WorkQueues.Classify(null, Item(stopsClock: true, 0, Now.AddDays(-5), caseDue), Now).Light.ShouldBe("on_track");
        WorkQueues.Classify(null, Item(stopsClock: true, 40, Now.AddDays(2), caseDue), Now).Light.ShouldBe("on_track");
        WorkQueues.Classify(null, Item(stopsClock: true, 40, Now.AddHours(-1), caseDue), Now).Light.ShouldBe("overdue");   // its own budget still counts
        WorkQueues.Classify(null, Item(stopsClock: false, 40, Now.AddDays(2), caseDue), Now).Light.ShouldBe("overdue");   // any other step: the case's due counts
    }

    [Fact]
    public void A_step_without_a_budget_is_judged_by_the_cases_due_instant_only()
    {
        WorkQueues.Classify(null, Item(stopsClock: false, 0, Now.AddHours(-1), Now.AddDays(1)), Now).Light.ShouldBe("on_track");
        WorkQueues.Classify(null, Item(stopsClock: false, 0, Now.AddHours(-1), Now.AddHours(-1)), Now).Light.ShouldBe("overdue");
    }
}
