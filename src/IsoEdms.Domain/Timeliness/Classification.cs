
namespace IsoEdms.Domain.Timeliness;

public enum Timeliness { Early, OnTime, Late }

/// <summary>
/// A named, versioned classification policy (docs/rules.md, rule 15). The name is recorded on every event it decided,
/// so a report under another policy is an explicit what-if, never a silent rewrite.
/// </summary>
public interface IClassificationPolicy
{
    string Name { get; }

    /// <summary>Case: local date of finishing against the due date (rule 12).</summary>
    Timeliness ClassifyCase(WorkingCalendar calendar, DateTimeOffset finishedAt, DateOnly dueDate);

    /// <summary>Step: null for zero-budget steps, which are not classified (rule 14).</summary>
    Timeliness? ClassifyStep(WorkingCalendar calendar, DateTimeOffset completedAt, DateTimeOffset dueAt, TimeSpan budget);
}

/// <summary>Policy <c>vn-2025</c>: the rules of Decree 118/2025 as deployed one-stop software applies them.</summary>
public sealed class Vn2025Policy : IClassificationPolicy
{
    public static Vn2025Policy Instance { get; } = new();
    public string Name => "vn-2025";

    public Timeliness ClassifyCase(WorkingCalendar calendar, DateTimeOffset finishedAt, DateOnly dueDate)
    {
        var date = calendar.LocalDate(finishedAt);
        return date < dueDate ? Timeliness.Early : date == dueDate ? Timeliness.OnTime : Timeliness.Late;
    }

    public Timeliness? ClassifyStep(WorkingCalendar calendar, DateTimeOffset completedAt, DateTimeOffset dueAt, TimeSpan budget)
    {
        if (budget <= TimeSpan.Zero) return null;
        if (completedAt > dueAt) return Timeliness.Late;
        var date = calendar.LocalDate(completedAt);
        return date < calendar.LocalDate(dueAt) && calendar.IsWorkingDay(date) ? Timeliness.Early : Timeliness.OnTime;
    }
}

public static class ClassificationPolicies
{
    public static readonly IReadOnlyDictionary<string, IClassificationPolicy> All =
        new Dictionary<string, IClassificationPolicy> { [Vn2025Policy.Instance.Name] = Vn2025Policy.Instance };

    public static IClassificationPolicy Default => Vn2025Policy.Instance;
}
