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
        if (ncs.Count == 0) return QualityResult.Fail(Say.It("ca_needs_nc", $"a corrective action answers at least one nonconformity"), "nonconformities");
        if (ncs.FirstOrDefault(n => n.Closed) is { } closed) return QualityResult.Fail(Say.It("record_closed", $"{closed.Code:code} is closed"), "nonconformities");
        if (string.IsNullOrWhiteSpace(title)) return QualityResult.Fail(Say.It("ca_title_missing", $"give the corrective action a title"), "title");
        return QualityResult.Of(new CorrectiveActionOpened(id, code, ncs.Select(n => n.Id).ToList(), unit, owner, title, by, at));
    }

    public static QualityResult Contain(CorrectiveActionState s, string description, string by, DateTimeOffset at) =>
        Closed(s) ?? (string.IsNullOrWhiteSpace(description) ? QualityResult.Fail(Say.It("containment_missing", $"say what was done to contain the problem"), "description")
            : QualityResult.Of(new ContainmentRecorded(s.Id, description, by, at)));

    public static QualityResult FindRootCause(CorrectiveActionState s, string category, string analysis, string by, DateTimeOffset at) =>
        Closed(s) ?? (!RootCauseCategories.Contains(category) ? QualityResult.Fail(Say.It("root_cause_category_unknown", $"'category' must be one of {RootCauseCategories:text}"), "category")
            : string.IsNullOrWhiteSpace(analysis) ? QualityResult.Fail(Say.It("analysis_missing", $"write the analysis (for example the five whys)"), "analysis")
            : QualityResult.Of(new RootCauseRecorded(s.Id, category, analysis, by, at)));

    public static QualityResult Plan(CorrectiveActionState s, string description, string owner, DateOnly dueDate, DateOnly today, string by, DateTimeOffset at)
    {
        if (Closed(s) is { } c) return c;
        if (!s.RootCause) return QualityResult.Fail(Say.It("root_cause_first", $"find the root cause before planning actions"), "root_cause");
        if (string.IsNullOrWhiteSpace(description)) return QualityResult.Fail(Say.It("action_description_missing", $"describe the action"), "description");
        if (dueDate < today) return QualityResult.Fail(Say.It("due_date_past", $"the due date {dueDate:date} is in the past"), "due_date");
        return QualityResult.Of(new ActionPlanned(s.Id, s.Actions.Count + 1, description, owner, dueDate, by, at));
    }

    public static QualityResult Complete(CorrectiveActionState s, int no, string? note, string by, DateTimeOffset at)
    {
        if (Closed(s) is { } c) return c;
        if (s.Actions.FirstOrDefault(a => a.No == no) is not { } action) return QualityResult.Fail(Say.It("no_such_action", $"{s.Code:code} has no action {no:number}"), "no");
        if (action.CompletedAt is not null) return QualityResult.Fail(Say.It("action_already_completed", $"action {no:number} of {s.Code:code} is already completed"), conflict: true);
        return QualityResult.Of(new ActionCompleted(s.Id, no, note, by, at));
    }

    public static QualityResult Review(CorrectiveActionState s, DateOnly reviewDate, string evidence, bool effective, string by, DateTimeOffset at)
    {
        if (Closed(s) is { } c) return c;
        if (s.Actions.Count == 0) return QualityResult.Fail(Say.It("nothing_to_review", $"nothing to review: no action was planned"));
        if (s.Actions.FirstOrDefault(a => a.CompletedAt is null) is { } open) return QualityResult.Fail(Say.It("action_not_completed", $"action {open.No:number} is not completed yet; review effectiveness after implementation"));
        if (s.NeedsNewAction)
            return QualityResult.Fail(Say.It("review_needs_new_action", $"the last review found the action not effective: complete a new action before reviewing again"));
        if (string.IsNullOrWhiteSpace(evidence)) return QualityResult.Fail(Say.It("review_evidence_missing", $"give the evidence the review relied on"), "evidence");
        return QualityResult.Of(new EffectivenessReviewed(s.Id, reviewDate, evidence, effective, by, at));
    }

    public static QualityResult Close(CorrectiveActionState s, string by, DateTimeOffset at)
    {
        if (Closed(s) is { } c) return c;
        if (!s.RootCause) return QualityResult.Fail(Say.It("root_cause_missing", $"the root cause is not recorded"));
        if (s.Actions.Count == 0) return QualityResult.Fail(Say.It("no_action_planned", $"no action was planned"));
        if (s.Actions.FirstOrDefault(a => a.CompletedAt is null) is { } open) return QualityResult.Fail(Say.It("action_still_open", $"action {open.No:number} is still open"));
        if (s.Status != CorrectiveActionStatus.Effective) return QualityResult.Fail(Say.It("effectiveness_not_verified", $"its effectiveness has not been verified (the last review must find it effective)"));
        return QualityResult.Of(new CorrectiveActionClosed(s.Id, s.Code, s.Unit, by, at));
    }

    /// <summary>Actions past their due date and not completed, flagged once each.</summary>
    public static IReadOnlyList<object> FlagOverdue(CorrectiveActionState s, DateOnly today, string by, DateTimeOffset at) =>
        s.Status == CorrectiveActionStatus.Closed ? []
        : s.Actions.Where(a => a.CompletedAt is null && !a.OverdueFlagged && a.DueDate < today)
            .Select(a => (object)new ActionOverdueFlagged(s.Id, a.No, a.DueDate, a.Owner, by, at)).ToList();

    private static QualityResult? Closed(CorrectiveActionState s) => s.Status == CorrectiveActionStatus.Closed ? QualityResult.Fail(Say.It("record_closed", $"{s.Code:code} is closed"), conflict: true) : null;
}
