namespace IsoEdms.Domain.Quality;

public enum CorrectiveActionStatus { Open, Effective, Closed }

public sealed record PlannedAction(int No, string Description, string Owner, DateOnly DueDate, DateTimeOffset? CompletedAt, bool OverdueFlagged);

/// <summary>Write model of a corrective action (ISO 10.2): only what its rules need.</summary>
public sealed record CorrectiveActionState(
    Guid Id, string Code, string Unit, IReadOnlyList<Guid> Nonconformities, CorrectiveActionStatus Status, bool Contained, bool RootCause,
    IReadOnlyList<PlannedAction> Actions, bool NeedsNewAction, int Version)
{
    public static CorrectiveActionState? Fold(IEnumerable<object> events) => events.Aggregate((CorrectiveActionState?)null, Next);

    /// <summary>The state after one more event of the stream.</summary>
    public static CorrectiveActionState? Next(CorrectiveActionState? s, object e)
    {
        if (e is CorrectiveActionOpened o) return new(o.CaId, o.Code, o.Unit, o.Nonconformities, CorrectiveActionStatus.Open, false, false, [], false, 1);
        if (s is null) return null;
        s = s with { Version = s.Version + 1 };
        return e switch
        {
            ContainmentRecorded => s with { Contained = true },
            RootCauseRecorded => s with { RootCause = true },
            ActionPlanned p => s with { Actions = [.. s.Actions, new PlannedAction(p.No, p.Description, p.Owner, p.DueDate, null, false)], Status = CorrectiveActionStatus.Open },
            ActionCompleted c => s with { Actions = s.Actions.Select(a => a.No == c.No ? a with { CompletedAt = c.At } : a).ToList(), NeedsNewAction = false },
            ActionOverdueFlagged f => s with { Actions = s.Actions.Select(a => a.No == f.No ? a with { OverdueFlagged = true } : a).ToList() },
            EffectivenessReviewed { Effective: true } => s with { Status = CorrectiveActionStatus.Effective },
            EffectivenessReviewed => s with { Status = CorrectiveActionStatus.Open, NeedsNewAction = true },
            CorrectiveActionClosed => s with { Status = CorrectiveActionStatus.Closed },
            _ => s,
        };
    }
}

/// <summary>
/// The corrective-action loop (docs/rules.md, rule 20): containment → root cause → actions with owner and due date →
/// implementation → effectiveness review (not effective reopens: a new action must be completed before the next review)
/// → closure, only when every action is done and the last review found it effective.
/// </summary>
public static class CorrectiveActions
{
    public static readonly string[] RootCauseCategories = ["people", "method", "procedure", "equipment", "information_system", "environment", "external", "other"];

    public static QualityResult Open(Guid id, string code, IReadOnlyList<NonconformityState> ncs, string unit, string owner, string title, string by, DateTimeOffset at)
    {
        if (ncs.Count == 0) return QualityResult.Fail("a corrective action answers at least one nonconformity", "nonconformities");
        if (ncs.FirstOrDefault(n => n.Closed) is { } closed) return QualityResult.Fail($"{closed.Code} is closed", "nonconformities");
        if (string.IsNullOrWhiteSpace(title)) return QualityResult.Fail("give the corrective action a title", "title");
        return QualityResult.Of(new CorrectiveActionOpened(id, code, ncs.Select(n => n.Id).ToList(), unit, owner, title, by, at));
    }

    public static QualityResult Contain(CorrectiveActionState s, string description, string by, DateTimeOffset at) =>
        Closed(s) ?? (string.IsNullOrWhiteSpace(description) ? QualityResult.Fail("say what was done to contain the problem", "description")
            : QualityResult.Of(new ContainmentRecorded(s.Id, description, by, at)));

    public static QualityResult FindRootCause(CorrectiveActionState s, string category, string analysis, string by, DateTimeOffset at) =>
        Closed(s) ?? (!RootCauseCategories.Contains(category) ? QualityResult.Fail($"'category' must be one of {string.Join(", ", RootCauseCategories)}", "category")
            : string.IsNullOrWhiteSpace(analysis) ? QualityResult.Fail("write the analysis (for example the five whys)", "analysis")
            : QualityResult.Of(new RootCauseRecorded(s.Id, category, analysis, by, at)));

    public static QualityResult Plan(CorrectiveActionState s, string description, string owner, DateOnly dueDate, DateOnly today, string by, DateTimeOffset at)
    {
        if (Closed(s) is { } c) return c;
        if (!s.RootCause) return QualityResult.Fail("find the root cause before planning actions", "root_cause");
        if (string.IsNullOrWhiteSpace(description)) return QualityResult.Fail("describe the action", "description");
        if (dueDate < today) return QualityResult.Fail($"the due date {dueDate:yyyy-MM-dd} is in the past", "due_date");
        return QualityResult.Of(new ActionPlanned(s.Id, s.Actions.Count + 1, description, owner, dueDate, by, at));
    }

    public static QualityResult Complete(CorrectiveActionState s, int no, string? note, string by, DateTimeOffset at)
    {
        if (Closed(s) is { } c) return c;
        if (s.Actions.FirstOrDefault(a => a.No == no) is not { } action) return QualityResult.Fail($"{s.Code} has no action {no}", "no");
        if (action.CompletedAt is not null) return QualityResult.Fail($"action {no} of {s.Code} is already completed", conflict: true);
        return QualityResult.Of(new ActionCompleted(s.Id, no, note, by, at));
    }

    public static QualityResult Review(CorrectiveActionState s, DateOnly reviewDate, string evidence, bool effective, string by, DateTimeOffset at)
    {
        if (Closed(s) is { } c) return c;
        if (s.Actions.Count == 0) return QualityResult.Fail("nothing to review: no action was planned");
        if (s.Actions.FirstOrDefault(a => a.CompletedAt is null) is { } open) return QualityResult.Fail($"action {open.No} is not completed yet; review effectiveness after implementation");
        if (s.NeedsNewAction)
            return QualityResult.Fail("the last review found the action not effective: complete a new action before reviewing again");
        if (string.IsNullOrWhiteSpace(evidence)) return QualityResult.Fail("give the evidence the review relied on", "evidence");
        return QualityResult.Of(new EffectivenessReviewed(s.Id, reviewDate, evidence, effective, by, at));
    }

    public static QualityResult Close(CorrectiveActionState s, string by, DateTimeOffset at)
    {
        if (Closed(s) is { } c) return c;
        if (!s.RootCause) return QualityResult.Fail("the root cause is not recorded");
        if (s.Actions.Count == 0) return QualityResult.Fail("no action was planned");
        if (s.Actions.FirstOrDefault(a => a.CompletedAt is null) is { } open) return QualityResult.Fail($"action {open.No} is still open");
        if (s.Status != CorrectiveActionStatus.Effective) return QualityResult.Fail("its effectiveness has not been verified (the last review must find it effective)");
        return QualityResult.Of(new CorrectiveActionClosed(s.Id, s.Code, s.Unit, by, at));
    }

    /// <summary>Actions past their due date and not completed, flagged once each.</summary>
    public static IReadOnlyList<object> FlagOverdue(CorrectiveActionState s, DateOnly today, string by, DateTimeOffset at) =>
        s.Status == CorrectiveActionStatus.Closed ? []
        : s.Actions.Where(a => a.CompletedAt is null && !a.OverdueFlagged && a.DueDate < today)
            .Select(a => (object)new ActionOverdueFlagged(s.Id, a.No, a.DueDate, a.Owner, by, at)).ToList();

    private static QualityResult? Closed(CorrectiveActionState s) => s.Status == CorrectiveActionStatus.Closed ? QualityResult.Fail($"{s.Code} is closed", conflict: true) : null;
}
