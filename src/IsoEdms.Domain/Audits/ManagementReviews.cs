using IsoEdms.Domain.Organisation;

namespace IsoEdms.Domain.Audits;

/// <summary>An output of a management review to be done: what, who answers for it, by when (ISO 9001:2015, 9.3.3).</summary>
public sealed record ReviewAction(int No, string Description, string Owner, DateOnly Due);

/// <summary>
/// A management review was held (ISO 9001:2015, 9.3) for a period: who chaired and attended, its inputs frozen as they
/// were that moment (the JSON of the review pack and its SHA-256), and its outputs: decisions, actions, resource needs.
/// </summary>
public sealed record ManagementReviewHeld(
    Guid ReviewId, DateOnly From, DateOnly To, DateOnly HeldOn, string Chair, IReadOnlyList<string> Attendees,
    string InputsJson, string InputsSha256, IReadOnlyList<string> Decisions, IReadOnlyList<ReviewAction> Actions, IReadOnlyList<string> ResourceNeeds,
    string By, DateTimeOffset At);

/// <summary>An action of a management review was done, with the evidence of it.</summary>
public sealed record ReviewActionCompleted(Guid ReviewId, int No, string Evidence, DateOnly On, string By, DateTimeOffset At);

/// <summary>What a quality officer records of a review meeting. An action is (description, owner, due date).</summary>
public sealed record HoldReview(DateOnly From, DateOnly To, DateOnly HeldOn, string Chair, IReadOnlyList<string> Attendees, IReadOnlyList<string> Decisions,
    IReadOnlyList<(string Description, string Owner, DateOnly Due)> Actions, IReadOnlyList<string> ResourceNeeds);

public sealed record ReviewRefusal(Said Said, string Field)
{
    /// <summary>The English words (the command line's); people read <see cref="Said"/> worded in their language.</summary>
    public string Message => Said.English;
}

/// <summary>
/// Rule 29: a review covers a period that has begun, is held on a day that has come, is chaired and attended by people of
/// the organisation, and decides something; each action has an owner and a due date on or after the meeting; an action is
/// closed once, with evidence, on or after the meeting.
/// </summary>
public static class ManagementReviews
{
    public static (ManagementReviewHeld? Held, ReviewRefusal? Refusal) Hold(Guid id, HoldReview c, string inputsJson, OrgSnapshot org, DateOnly today, string by, DateTimeOffset at)
    {
        static (ManagementReviewHeld?, ReviewRefusal?) No(Said message, string field) => (null, new ReviewRefusal(message, field));
        if (c.To < c.From) return No(Say.It("period_reversed", $"the period ends ({c.To:date}) before it starts ({c.From:date})"), "to");
        if (c.HeldOn < c.From) return No(Say.It("review_before_period", $"a review of the period from {c.From:date} cannot be held before it, on {c.HeldOn:date}"), "held_on");
        if (c.HeldOn > today) return No(Say.It("review_not_held", $"the meeting of {c.HeldOn:date} has not taken place yet (today is {today:date}): record it once held"), "held_on");
        if (org.Person(c.Chair) is null) return No(Say.It("unknown_person", $"'{c.Chair:person}' is not a person of the organisation"), "chair");
        if (c.Attendees.FirstOrDefault(a => org.Person(a) is null) is { } stranger) return No(Say.It("unknown_person", $"'{stranger:person}' is not a person of the organisation"), "attendees");
        if (c.Decisions.Count == 0 || c.Decisions.Any(string.IsNullOrWhiteSpace)) return No(Say.It("review_decisions_missing", $"record at least one decision of the review (9.3.3), none empty"), "decisions");
        var actions = new List<ReviewAction>();
        foreach (var (description, owner, due) in c.Actions)
        {
            var no = actions.Count + 1;
            if (string.IsNullOrWhiteSpace(description)) return No(Say.It("review_action_description_missing", $"action {no:number} has no description"), "actions");
            if (org.Person(owner) is null) return No(Say.It("review_action_owner_unknown", $"action {no:number}: '{owner:person}' is not a person of the organisation"), "actions");
            if (due < c.HeldOn) return No(Say.It("review_action_due_early", $"action {no:number} is due on {due:date}, before the meeting of {c.HeldOn:date}"), "actions");
            actions.Add(new ReviewAction(no, description.Trim(), owner, due));
        }
        var attendees = c.Attendees.Prepend(c.Chair).Distinct().ToList();
        return (new ManagementReviewHeld(id, c.From, c.To, c.HeldOn, c.Chair, attendees, inputsJson, Documents.Canonical.Sha256(inputsJson),
            [.. c.Decisions.Select(d => d.Trim())], actions, [.. c.ResourceNeeds.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim())], by, at), null);
    }

    /// <summary>Closing action <paramref name="no"/> of a review held on <paramref name="heldOn"/>, whose done actions are <paramref name="done"/>.</summary>
    public static (ReviewActionCompleted? Completed, ReviewRefusal? Refusal) Complete(Guid reviewId, DateOnly heldOn, IReadOnlyList<ReviewAction> actions,
        IReadOnlySet<int> done, int no, string evidence, DateOnly on, string by, DateTimeOffset at)
    {
        if (actions.All(a => a.No != no)) return (null, new ReviewRefusal(Say.It("review_no_such_action", $"the review has no action {no:number} (it has {actions.Count:number})"), "no"));
        if (done.Contains(no)) return (null, new ReviewRefusal(Say.It("review_action_done", $"action {no:number} is already done"), "no"));
        if (string.IsNullOrWhiteSpace(evidence)) return (null, new ReviewRefusal(Say.It("action_evidence_missing", $"say what shows the action done (a document, a decision, a record)"), "evidence"));
        if (on < heldOn) return (null, new ReviewRefusal(Say.It("action_done_before_meeting", $"an action of the meeting of {heldOn:date} cannot be done before it, on {on:date}"), "on"));
        return (new ReviewActionCompleted(reviewId, no, evidence.Trim(), on, by, at), null);
    }
}
