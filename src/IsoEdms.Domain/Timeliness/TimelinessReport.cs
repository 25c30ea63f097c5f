namespace IsoEdms.Domain.Timeliness;

public enum ReportBy { Unit, Person, Procedure, Month }
public enum ReportLevel { Case, Step }

/// <summary>One row of the timeliness report (the national statistics' columns), before names are attached.</summary>
public sealed record TimelinessCounts(
    string Key, int Received, int Finished, int Early, int OnTime, int Late, int Refused, int Stopped, int InProgress, int OverdueInProgress,
    int UsedMinutes, int BudgetMinutes)
{
    public TimelinessCounts Plus(TimelinessCounts o) => this with
    {
        Received = Received + o.Received, Finished = Finished + o.Finished, Early = Early + o.Early, OnTime = OnTime + o.OnTime, Late = Late + o.Late,
        Refused = Refused + o.Refused, Stopped = Stopped + o.Stopped, InProgress = InProgress + o.InProgress,
        OverdueInProgress = OverdueInProgress + o.OverdueInProgress, UsedMinutes = UsedMinutes + o.UsedMinutes, BudgetMinutes = BudgetMinutes + o.BudgetMinutes,
    };
}

/// <summary>
/// The period rules of the timeliness report, on local dates (rules 11-14): <c>received</c> in [from, to]; <c>finished</c>
/// = early + on time + late of those finished in [from, to]; refused and stopped by their date in [from, to];
/// <c>in_progress</c>: received on or before <c>to</c> and not closed by the end of <c>to</c>; <c>overdue_in_progress</c>:
/// those whose due date is before <c>to</c>. Case figures belong to the lead unit; step figures to the unit and person
/// that held the step (steps sent back count as received only).
/// </summary>
public static class TimelinessReport
{
    public const string Unassigned = "";

    /// <summary>
    /// The counts per unit, person, procedure or month over [from, to]. With <paramref name="unit"/>, only that unit: the
    /// cases it leads (case level) or the steps it held (step level). By month, each calendar month of the period is
    /// counted as a period of its own (received in it, closed in it, in progress at its end), keyed yyyy-MM.
    /// </summary>
    public static IReadOnlyList<TimelinessCounts> Compute(IEnumerable<CaseFact> cases, ReportBy by, ReportLevel level, DateOnly from, DateOnly to, string? unit = null)
    {
        if (by == ReportBy.Month)
        {
            var all = cases as IReadOnlyCollection<CaseFact> ?? cases.ToList();
            var months = new List<TimelinessCounts>();
            for (var start = from; start <= to; start = new DateOnly(start.Year, start.Month, 1).AddMonths(1))
            {
                var end = new DateOnly(start.Year, start.Month, 1).AddMonths(1).AddDays(-1);
                if (end > to) end = to;
                var parts = Compute(all, ReportBy.Unit, level, start, end, unit);
                if (parts.Count == 0) continue;
                months.Add(parts.Skip(1).Aggregate(parts[0] with { Key = $"{start:yyyy-MM}" }, (a, b) => a.Plus(b)));
            }
            return months;
        }

        var rows = new Dictionary<string, int[]>();
        int[] Row(string key) => rows.TryGetValue(key, out var r) ? r : rows[key] = new int[11];
        bool In(DateOnly? d) => d is { } x && x >= from && x <= to;

        foreach (var c in cases)
        {
            if (level == ReportLevel.Case)
            {
                if (c.ReceivedDate > to || unit is not null && c.LeadUnit != unit) continue;
                var key = by == ReportBy.Procedure ? c.Procedure : c.LeadUnit;
                var r = Row(key);
                Count(r, In(c.ReceivedDate), c.Outcome, c.Classification, In(c.ClosedDate), c.ClosedDate is { } cd && cd <= to, c.DueDate < to, 0, 0);
                continue;
            }
            foreach (var s in c.Steps)
            {
                if (s.StartedDate > to || unit is not null && s.Unit != unit) continue;
                var key = by switch { ReportBy.Procedure => c.Procedure, ReportBy.Person => s.Person ?? Unassigned, _ => s.Unit };
                var r = Row(key);
                var outcome = s.Ending switch { "completed" => "finished", "refused" => "refused", "stopped" => "stopped", "returned" => "returned", _ => null };
                Count(r, In(s.StartedDate), outcome, s.Classification, In(s.EndedDate), s.EndedDate is { } ed && ed <= to, s.DueDate < to,
                    s.Ending == "completed" && In(s.EndedDate) ? s.UsedMinutes : 0, s.Ending == "completed" && In(s.EndedDate) ? s.BudgetMinutes : 0);
            }
        }
        return rows.Where(kv => kv.Value.Any(v => v != 0))
            .Select(kv => new TimelinessCounts(kv.Key, kv.Value[0], kv.Value[2] + kv.Value[3] + kv.Value[4], kv.Value[2], kv.Value[3], kv.Value[4],
                kv.Value[5], kv.Value[6], kv.Value[7], kv.Value[8], kv.Value[9], kv.Value[10]))
            .OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    private static void Count(int[] r, bool received, string? outcome, string? classification, bool closedInPeriod, bool closedByEnd, bool dueBeforeEnd, int used, int budget)
    {
        if (received) r[0]++;
        if (closedInPeriod)
        {
            switch (outcome)
            {
                case "finished" when classification == "early": r[2]++; break;
                case "finished" when classification == "on_time": r[3]++; break;
                case "finished" when classification == "late": r[4]++; break;
                case "refused": r[5]++; break;
                case "stopped": r[6]++; break;
            }
        }
        if (!closedByEnd)
        {
            r[7]++;
            if (dueBeforeEnd) r[8]++;
        }
        r[9] += used;
        r[10] += budget;
    }
}
