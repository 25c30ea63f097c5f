using IsoEdms.Domain.Organisation;

namespace IsoEdms.Domain.Procedures;

/// <summary>
/// Who drafted, reviewed and approved a version of a procedure, and the decision that approved it (ISO 9001:2015, 7.5.2):
/// the <c>approval:</c> block of its file. Not part of the definition (its hash), so recording an approval never makes a
/// published version "changed".
/// </summary>
public sealed record DocumentApproval(string DraftedBy, string ReviewedBy, string ApprovedBy, string Unit, string Decision, DateOnly DecisionDate);

/// <summary>A version of a procedure was approved: by whom, for which unit, by which decision (Quyết định số …), drafted and reviewed by whom.</summary>
public sealed record ProcedureVersionApproved(
    Guid ProcedureId, string Code, int Version, string ContentHash, string DraftedBy, string ReviewedBy, string ApprovedBy, string Unit,
    string Decision, DateOnly DecisionDate, string By, DateTimeOffset At);

/// <summary>
/// Rule 30: a version is a draft until approved. The approval names three people of the organisation, the drafter not
/// also the reviewer or the approver; the approver is the head of the approving unit (holds the unit-head grant there) on
/// the day of the decision; the decision has a number and is dated no later than the day the version takes effect, nor
/// after the day it is recorded.
/// </summary>
public static class DocumentApprovals
{
    public static Said? Problem(DocumentApproval a, ProcedureDefinition d, OrgSnapshot org, DateOnly today)
    {
        foreach (var (who, key) in new[] { (a.DraftedBy, "drafted_by"), (a.ReviewedBy, "reviewed_by"), (a.ApprovedBy, "approved_by") })
            if (org.Person(who) is null)
                return org.People.Any()
                    ? Say.It("approval_not_person", $"approval: {key:code} '{who:code}' is not a person of the organisation")
                    : Say.It("approval_no_org", $"approval: {key:code} '{who:code}' is not a person of the organisation (none is loaded yet: run 'org load' first)");
        if (a.ReviewedBy == a.DraftedBy) return Say.It("approval_drafter_reviews", $"approval: {a.DraftedBy:person} drafted the version and cannot also review it");
        if (a.ApprovedBy == a.DraftedBy) return Say.It("approval_drafter_approves", $"approval: {a.DraftedBy:person} drafted the version and cannot also approve it");
        if (org.Unit(a.Unit) is not { } unit) return Say.It("approval_unit_unknown", $"approval: unit '{a.Unit:code}' is not a unit of the organisation");
        var approver = org.Person(a.ApprovedBy)!;
        if (!org.HoldsGrant(approver, a.Unit, Grants.UnitHead, a.DecisionDate))
            return Say.It("approval_not_head", $"approval: {new Named(a.ApprovedBy, $"{approver.Name} ({a.ApprovedBy})"):person} is not the head of {new Named(a.Unit, $"{unit.Name.Vi} ({a.Unit})"):unit} on {a.DecisionDate:date}, the day of the decision: only the head of the approving unit approves");
        if (string.IsNullOrWhiteSpace(a.Decision)) return Say.It("approval_decision_missing", $"approval: decision needs the number of the approving decision (Quyết định số …)");
        if (a.DecisionDate > d.EffectiveFrom) return Say.It("approval_after_effect", $"approval: the decision of {a.DecisionDate:date} comes after the version takes effect ({d.EffectiveFrom:date})");
        if (a.DecisionDate > today) return Say.It("approval_in_future", $"approval: the decision is dated {a.DecisionDate:date}, after today ({today:date})");
        return null;
    }
}
