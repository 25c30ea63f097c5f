using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Cases;

namespace IsoEdms.Domain.Timeliness;

/// <summary>The state of an open step: in good time, at risk (most of its budget used), or past its due instant.</summary>
public static class RiskStates
{
    public const string OnTrack = "on_track", AtRisk = "at_risk", Overdue = "overdue";
}

/// <summary>How an open step stands at a moment: the due instant that governs it, the share of its budget used, its state.</summary>
public sealed record StepRisk(DateTimeOffset Due, decimal Used, string State, double ElapsedMinutes, double MinutesToCaseDue);

/// <summary>
/// Cases at risk before they are late (rules in docs/rules.md, "At risk"): the share of the open step's budget used on the
/// case's working calendar, the state it puts the step in, and the probability that the case finishes after its due
/// instant, judged from how long earlier cases of the same procedure took from the same step to their end.
/// </summary>
public static class Risk
{
    /// <summary>A step is at risk once this share of its budget is used, unless its procedure says otherwise (<c>at_risk_at</c>).</summary>
    public const decimal DefaultAtRiskAt = 0.75m;

    /// <summary>Fewer earlier cases than this at the same unit, and the unit's history gives way to the procedure's at every unit.</summary>
    public const int MinSamples = 20;

    /// <summary>
    /// The open step of <paramref name="s"/> at <paramref name="at"/>. <c>Used</c> is the share of the step's own budget
    /// (of the case's time limit for a step without one) used by then; more than 1 once it ran past. While the case is
    /// suspended its clock stands still, so it is judged at the suspension's start. The governing due is the one the work
    /// queue shows: the step's, or the case's when that comes first (a step that stops the case's clock has only its own).
    /// </summary>
    public static StepRisk Assess(CaseState s, WorkingCalendar cal, decimal atRiskAt, DateTimeOffset at)
    {
        var cur = s.Current ?? throw new InvalidOperationException($"case {s.Code} has no open step");
        var when = s.Suspension is { } suspended && suspended.Since < at ? suspended.Since : at;
        var caseDue = s.Deadline.Due;
        DateTimeOffset? stepDue = cur.BudgetHours > 0 ? cur.Due : null;
        var due = cur.StopsClock ? stepDue ?? caseDue : stepDue is { } d && d < caseDue ? d : caseDue;
        var (budget, budgetDue) = cur.BudgetHours > 0
            ? (TimeSpan.FromMinutes((double)(cur.BudgetHours * 60)), cur.Due)
            : (cal.WorkingTimeBetween(s.Deadline.ClockStart, caseDue), caseDue);
        var used = Fraction(cal, budgetDue, budget, when);
        var state = when > due ? RiskStates.Overdue : used >= atRiskAt ? RiskStates.AtRisk : RiskStates.OnTrack;
        var elapsed = cur.BudgetHours > 0 ? (double)used * budget.TotalMinutes : cal.WorkingTimeBetween(cur.StartedAt, when).TotalMinutes;
        var toCaseDue = when < caseDue ? cal.WorkingTimeBetween(when, caseDue).TotalMinutes : -cal.WorkingTimeBetween(caseDue, when).TotalMinutes;
        return new StepRisk(due, used, state, Math.Max(0, elapsed), toCaseDue);
    }

    private static decimal Fraction(WorkingCalendar cal, DateTimeOffset due, TimeSpan budget, DateTimeOffset at)
    {
        if (budget <= TimeSpan.Zero) return at > due ? 1m : 0m;
        var left = at <= due ? cal.WorkingTimeBetween(at, due) : -cal.WorkingTimeBetween(due, at);
        return Math.Round(1m - (decimal)(left / budget), 3, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The probability that a case finishes after its due instant, given that its open step has run
    /// <paramref name="elapsedMinutes"/> working minutes and <paramref name="minutesToCaseDue"/> working minutes are left
    /// to the case's due (negative: already past it, so certain). <paramref name="history"/> holds, for earlier finished
    /// cases of the same procedure, the working minutes from the start of the same step to the end of their last step.
    /// Of those that had not ended after <paramref name="elapsedMinutes"/>, the share that went on past
    /// <paramref name="elapsedMinutes"/> + <paramref name="minutesToCaseDue"/>, with half a case added to each side
    /// (a small history never says 0 or 1). Null without any history: nothing to judge by.
    /// </summary>
    public static double? BreachProbability(IReadOnlyList<int> history, double elapsedMinutes, double minutesToCaseDue)
    {
        if (minutesToCaseDue < 0) return 1.0;
        if (history.Count == 0) return null;
        int still = 0, beyond = 0;
        foreach (var x in history)
        {
            if (x <= elapsedMinutes) continue;
            still++;
            if (x > elapsedMinutes + minutesToCaseDue) beyond++;
        }
        return Math.Round((beyond + 0.5) / (still + 1.0), 3);
    }

    /// <summary>The history to judge by: the unit's own when it has <see cref="MinSamples"/> cases, else the procedure's at every unit.</summary>
    public static IReadOnlyList<int> HistoryFor(IReadOnlyList<int> unitHistory, IReadOnlyList<int> procedureHistory) =>
        unitHistory.Count >= MinSamples ? unitHistory : procedureHistory;
}
