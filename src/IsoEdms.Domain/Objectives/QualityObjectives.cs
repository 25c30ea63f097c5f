using System.Globalization;
using System.Text.RegularExpressions;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;

namespace IsoEdms.Domain.Objectives;

/// <summary>What an objective measures (ISO 9001:2015, 6.2: measurable, monitored).</summary>
public static class Measures
{
    /// <summary>Of the dossiers finished in a month, the share finished early or on time (case level, rules 11-13), in percent.</summary>
    public const string OnTimeRate = "on_time_rate";
    /// <summary>Of the ratings given in a month, the share that are not low (rule 21), in percent.</summary>
    public const string Satisfaction = "satisfaction";
    /// <summary>Corrective actions with an action past its due date and not completed, at the end of a month.</summary>
    public const string OverdueCorrectiveActions = "overdue_corrective_actions";

    public static readonly string[] All = [OnTimeRate, Satisfaction, OverdueCorrectiveActions];

    /// <summary>A rate (higher is better, target in percent); otherwise a count (lower is better, target the most allowed).</summary>
    public static bool IsRate(string measure) => measure != OverdueCorrectiveActions;
}

public static class ObjectiveScopes
{
    public const string Organisation = "organisation", Unit = "unit", Procedure = "procedure";
}

public static class ObjectiveStatuses
{
    /// <summary>met: within target; at_risk: not within target yet, while the month or period can still make it; missed: it ended outside; no_data: nothing to measure.</summary>
    public const string Met = "met", AtRisk = "at_risk", Missed = "missed", NoData = "no_data";
}

/// <summary>
/// A quality objective was set (or revised: the same code again): what it measures, over which scope and period, its
/// target and owner. The whole objective as it is from now on.
/// </summary>
public sealed record QualityObjectiveSet(
    Guid ObjectiveId, string Code, LocalizedText Title, string Measure, decimal Target, string Scope, string? ScopeKey,
    DateOnly From, DateOnly To, string? Owner, string By, DateTimeOffset At);

/// <summary>What a quality officer asks for. At most one of <see cref="Unit"/> and <see cref="Procedure"/>: neither means the whole organisation.</summary>
public sealed record SetObjective(string Code, LocalizedText Title, string Measure, decimal Target, string? Unit, string? Procedure, DateOnly From, DateOnly To, string? Owner);

public sealed record ObjectiveRefusal(Said Said, string Field)
{
    /// <summary>The English words (the command line's); people read <see cref="Said"/> worded in their language.</summary>
    public string Message => Said.English;
}

/// <summary>One month's raw figures: for a rate, the part that counts and the whole; for a count, the count in <see cref="Part"/>.</summary>
public sealed record MonthFigures(string Month, decimal Part, decimal Whole, bool Open);

public sealed record MonthMeasure(string Month, decimal? Value, string Status);

/// <summary>The objective's value over its period so far (a rate over all its months; for a count, the worst month), its status, and month by month.</summary>
public sealed record ObjectiveMeasure(decimal? Value, string Status, IReadOnlyList<MonthMeasure> Months);

public static partial class QualityObjectives
{
    public static Guid StreamIdFor(string code) => Canonical.StreamId("objective", code);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{0,79}$")]
    private static partial Regex CodePattern();

    public static (QualityObjectiveSet? Set, ObjectiveRefusal? Refusal) Set(SetObjective c, OrgSnapshot org, ISet<string> publishedProcedures, string by, DateTimeOffset at)
    {
        static (QualityObjectiveSet?, ObjectiveRefusal?) No(Said message, string field) => (null, new ObjectiveRefusal(message, field));
        if (c.Code is null || !CodePattern().IsMatch(c.Code)) return No(Say.It("objective_code_invalid", $"'{c.Code:code}' is not an objective code (lower-case letters, digits, '.', '-'; at most 80)"), "code");
        if (string.IsNullOrWhiteSpace(c.Title?.Vi)) return No(Say.It("objective_title_missing", $"the objective needs a Vietnamese title"), "title");
        if (!Measures.All.Contains(c.Measure)) return No(Say.It("measure_unknown", $"'{c.Measure:text}' is not a measure: {Measures.All:text}"), "measure");
        if (Measures.IsRate(c.Measure) && c.Target is <= 0 or > 100) return No(Say.It("target_not_percentage", $"the target of {c.Measure:text} is a percentage above 0 and at most 100, not {c.Target:number}"), "target");
        if (!Measures.IsRate(c.Measure) && (c.Target < 0 || c.Target != decimal.Truncate(c.Target)))
            return No(Say.It("target_not_count", $"the target of {c.Measure:text} is the most allowed, a whole number of 0 or more, not {c.Target:number}"), "target");
        if (c.Unit is not null && c.Procedure is not null) return No(Say.It("objective_scope_both", $"an objective is for one unit, one procedure or the whole organisation, not both"), "procedure");
        if (c.Unit is not null && org.Unit(c.Unit) is null) return No(Say.It("unknown_unit", $"'{c.Unit:unit}' is not a unit of the organisation"), "unit");
        if (c.Procedure is not null && !publishedProcedures.Contains(c.Procedure)) return No(Say.It("procedure_not_published", $"'{c.Procedure:code}' is not a published procedure"), "procedure");
        if (c.Procedure is not null && c.Measure != Measures.OnTimeRate)
            return No(Say.It("measure_not_per_procedure", $"{c.Measure:text} is measured per unit or for the whole organisation, not per procedure"), "procedure");
        if (c.To < c.From) return No(Say.It("period_reversed", $"the period ends ({c.To:date}) before it starts ({c.From:date})"), "to");
        if (c.To.DayNumber - c.From.DayNumber > 5 * 366) return No(Say.It("objective_too_long", $"an objective's period is at most five years"), "to");
        if (c.Owner is not null && org.Person(c.Owner) is null) return No(Say.It("unknown_person", $"'{c.Owner:person}' is not a person of the organisation"), "owner");
        var (scope, key) = c.Unit is not null ? (ObjectiveScopes.Unit, c.Unit) : c.Procedure is not null ? (ObjectiveScopes.Procedure, c.Procedure) : (ObjectiveScopes.Organisation, (string?)null);
        return (new QualityObjectiveSet(StreamIdFor(c.Code), c.Code, c.Title, c.Measure, c.Target, scope, key, c.From, c.To, c.Owner, by, at), null);
    }

    /// <summary>The months of [<paramref name="from"/>, <paramref name="to"/>] up to <paramref name="today"/>, each cut to the period: (key yyyy-MM, first day, last day).</summary>
    public static IReadOnlyList<(string Month, DateOnly First, DateOnly Last)> MonthsOf(DateOnly from, DateOnly to, DateOnly today)
    {
        var list = new List<(string, DateOnly, DateOnly)>();
        var end = to < today ? to : today;
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= end; m = m.AddMonths(1))
        {
            var first = m < from ? from : m;
            var last = m.AddMonths(1).AddDays(-1);
            list.Add((m.ToString("yyyy-MM", CultureInfo.InvariantCulture), first, last > end ? end : last));
        }
        return list;
    }

    /// <summary>
    /// Judges the figures against the target. A month still running is at risk when outside the target (it may come back);
    /// an ended one is met or missed. A rate over the whole period is the sum of the parts over the sum of the wholes; a
    /// count is its worst month. The period is at risk while it runs and can still be met, missed once it cannot.
    /// </summary>
    public static ObjectiveMeasure Evaluate(string measure, decimal target, IReadOnlyList<MonthFigures> months, bool periodOver)
    {
        var rate = Measures.IsRate(measure);
        decimal? ValueOf(decimal part, decimal whole) => rate ? whole == 0 ? null : Math.Round(100 * part / whole, 1) : part;
        bool Within(decimal v) => rate ? v >= target : v <= target;
        string Status(decimal? v, bool open) => v is not { } x ? ObjectiveStatuses.NoData : Within(x) ? ObjectiveStatuses.Met : open ? ObjectiveStatuses.AtRisk : ObjectiveStatuses.Missed;

        var measured = months.Select(m => new MonthMeasure(m.Month, ValueOf(m.Part, m.Whole), Status(ValueOf(m.Part, m.Whole), m.Open))).ToList();
        decimal? overall;
        string status;
        if (rate)
        {
            overall = ValueOf(months.Sum(m => m.Part), months.Sum(m => m.Whole));
            status = Status(overall, !periodOver);
        }
        else
        {
            overall = months.Count == 0 ? null : months.Max(m => m.Part);
            // a count over its limit in an ended month cannot be undone
            status = overall is null ? ObjectiveStatuses.NoData
                : measured.Any(m => m.Status == ObjectiveStatuses.Missed) ? ObjectiveStatuses.Missed
                : Status(overall, !periodOver);
        }
        return new ObjectiveMeasure(overall, status, measured);
    }
}
