
namespace IsoEdms.Domain.Timeliness;

public enum ReportBy { Unit, Person, Procedure, Month }
public enum ReportLevel { Case, Step }

/// <summary>One row of the timeliness report (the national statistics' columns), before names are attached; the host counts them (TimelinessReporting.CountAsync).</summary>
public sealed record TimelinessCounts(
    string Key, int Received, int Finished, int Early, int OnTime, int Late, int Refused, int Stopped, int InProgress, int OverdueInProgress,
    int UsedMinutes, int BudgetMinutes);

/// <summary>
/// Rule 2: history stays with the unit of the time; on request a report rolls an ended unit's rows up to its successors.
/// An ended unit merged into one unit counts for it (following later mergers too); one split into several counts for
/// the group of them, keyed by their codes joined with '+', since the program cannot tell which dossier went where.
/// </summary>
public static class UnitRollUp
{
    public const char Joiner = '+';

    public static string KeyOf(OrgSnapshot org, string unit)
    {
        var current = Current(org, unit, []).Distinct().Order(StringComparer.Ordinal).ToList();
        return current.Count == 0 ? unit : string.Join(Joiner, current);
    }

    /// <summary>The units that carry a unit's history today: itself while it exists, else its successors (and theirs).</summary>
    private static List<string> Current(OrgSnapshot org, string unit, HashSet<string> seen)
    {
        if (!seen.Add(unit)) return [];
        return org.Unit(unit) is { Ended: not null, MergedInto.Count: > 0 } ended ? ended.MergedInto.SelectMany(s => Current(org, s, seen)).ToList() : [unit];
    }

    /// <summary>The rows of a report by unit, rolled up: rows that land on the same key are added up.</summary>
    public static IReadOnlyList<TimelinessCounts> Apply(OrgSnapshot org, IEnumerable<TimelinessCounts> rows) =>
        rows.GroupBy(r => KeyOf(org, r.Key)).Select(g => g.Skip(1).Aggregate(g.First() with { Key = g.Key }, (a, b) => a with
        {
            Received = a.Received + b.Received, Finished = a.Finished + b.Finished, Early = a.Early + b.Early, OnTime = a.OnTime + b.OnTime,
            Late = a.Late + b.Late, Refused = a.Refused + b.Refused, Stopped = a.Stopped + b.Stopped, InProgress = a.InProgress + b.InProgress,
            OverdueInProgress = a.OverdueInProgress + b.OverdueInProgress, UsedMinutes = a.UsedMinutes + b.UsedMinutes, BudgetMinutes = a.BudgetMinutes + b.BudgetMinutes,
        })).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
}
