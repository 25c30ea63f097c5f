namespace IsoEdms.Monitoring;

/// <summary>A row of <c>timeliness_day</c>: one grain (what the row is counted by), unit, key (person, procedure or empty) and day.</summary>
public readonly record struct DayKey(string Grain, string Unit, string Key, DateOnly Day);

/// <summary>
/// The pre-aggregated counts the timeliness report reads (<c>timeliness_day</c>): for each unit and day, what started,
/// closed and ended how on that day, and the changes of two running counts, open items and overdue open items. A
/// report sums a period's days for what happened in it and every day up to the period's end for what was open then, so
/// it reads a few rows per unit and day instead of one per case or step.
/// <para>
/// Each case contributes its case row and its step rows (as <see cref="TimelinessProjection"/> writes them) to these
/// counts. When events change a case, the projection subtracts the case's contributions before them and adds those after
/// them: the table is a sum over the cases as they now stand, and a rebuild from the events gives the same sums.
/// </para>
/// </summary>
public static class TimelinessDays
{
    /// <summary>The grains: case figures by lead unit (and procedure), step figures by unit (and person, and procedure).</summary>
    public const string Case = "case", CaseProcedure = "case:procedure", Step = "step", StepPerson = "step:person", StepProcedure = "step:procedure";

    /// <summary>The counts of a row, in the table's column order.</summary>
    public static readonly string[] Columns = ["received", "closed", "early", "on_time", "late", "refused", "stopped", "overdue_change", "used_minutes", "budget_minutes"];

    private const int Received = 0, Closed = 1, Early = 2, OnTime = 3, Late = 4, Refused = 5, Stopped = 6, Overdue = 7, Used = 8, Budget = 9;

    /// <summary>The grain a report counts from.</summary>
    public static string GrainOf(ReportBy by, ReportLevel level) => (by, level) switch
    {
        (ReportBy.Person, _) => StepPerson,
        (ReportBy.Procedure, ReportLevel.Step) => StepProcedure,
        (ReportBy.Procedure, _) => CaseProcedure,
        (_, ReportLevel.Step) => Step,
        _ => Case,
    };

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (-1) what <paramref name="fact"/>, as it stands, counts for.</summary>
    public static void Add(Dictionary<DayKey, int[]> into, CaseFact fact, int sign)
    {
        var stops = fact.Stops.Where(s => s.Until is null || s.Until > s.From)
            .Select(s => (From: s.From, Until: s.Until ?? DateOnly.MaxValue)).ToList();
        Item(into, sign, [(Case, fact.LeadUnit, ""), (CaseProcedure, fact.LeadUnit, fact.Procedure)],
            fact.ReceivedDate, fact.DueDate, fact.ClosedDate, fact.Outcome, Endings.Finished, fact.Classification, 0, 0, stops);
        foreach (var s in fact.Steps)
            Item(into, sign, [(Step, s.Unit, ""), (StepPerson, s.Unit, s.Person ?? ""), (StepProcedure, s.Unit, fact.Procedure)],
                s.StartedDate, s.DueDate, s.EndedDate, s.Ending, Endings.Completed, s.Classification, s.UsedMinutes, s.BudgetMinutes, stops);
    }

    /// <summary>
    /// One case or step: received on its start; closed on its end (on its start if it ended earlier, so that it is never
    /// open); its ending and minutes on its end; overdue from the day after its due date (and not before its start) up to
    /// its end, except the days its clock stood still: +1 where each such stretch begins, -1 where it ends.
    /// </summary>
    private static void Item(Dictionary<DayKey, int[]> into, int sign, (string Grain, string Unit, string Key)[] grains, DateOnly start, DateOnly due,
        DateOnly? end, string? ending, string worked, string? classification, int used, int budget, List<(DateOnly From, DateOnly Until)> stops)
    {
        void Bump(DateOnly day, int column, int by)
        {
            if (by == 0) return;
            foreach (var (grain, unit, key) in grains)
            {
                var k = new DayKey(grain, unit, key, day);
                if (!into.TryGetValue(k, out var counts)) into[k] = counts = new int[Columns.Length];
                counts[column] += sign * by;
            }
        }

        Bump(start, Received, 1);
        if (end is { } e)
        {
            Bump(e > start ? e : start, Closed, 1);
            if (ending == worked)
            {
                switch (classification)
                {
                    case Classifications.Early: Bump(e, Early, 1); break;
                    case Classifications.OnTime: Bump(e, OnTime, 1); break;
                    case Classifications.Late: Bump(e, Late, 1); break;
                }
                Bump(e, Used, used);
                Bump(e, Budget, budget);
            }
            else if (ending == Endings.Refused) Bump(e, Refused, 1);
            else if (ending == Endings.Stopped) Bump(e, Stopped, 1);
        }

        var from = due == DateOnly.MaxValue ? due : due.AddDays(1);
        if (from < start) from = start;
        var overdue = new List<(DateOnly From, DateOnly Until)> { (from, end ?? DateOnly.MaxValue) };
        foreach (var stop in stops)
            overdue = overdue.SelectMany(o => stop.Until <= o.From || stop.From >= o.Until ? [o]
                : new[] { (o.From, stop.From), (stop.Until, o.Until) }.Where(x => x.Item1 < x.Item2)).ToList();
        foreach (var (f, u) in overdue.Where(o => o.From < o.Until))
        {
            Bump(f, Overdue, 1);
            if (u != DateOnly.MaxValue) Bump(u, Overdue, -1);
        }
    }
}
