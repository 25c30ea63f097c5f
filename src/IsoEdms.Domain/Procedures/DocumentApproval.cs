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
    public static string? Problem(DocumentApproval a, ProcedureDefinition d, OrgSnapshot org, DateOnly today)
    {
        foreach (var (who, key) in new[] { (a.DraftedBy, "drafted_by"), (a.ReviewedBy, "reviewed_by"), (a.ApprovedBy, "approved_by") })
            if (org.Person(who) is null)
                return $"approval: {key} '{who}' is not a person of the organisation" + (org.People.Any() ? "" : " (none is loaded yet: run 'org load' first)");
        if (a.ReviewedBy == a.DraftedBy) return $"approval: {a.DraftedBy} drafted the version and cannot also review it";
        if (a.ApprovedBy == a.DraftedBy) return $"approval: {a.DraftedBy} drafted the version and cannot also approve it";
        if (org.Unit(a.Unit) is not { } unit) return $"approval: unit '{a.Unit}' is not a unit of the organisation";
        var approver = org.Person(a.ApprovedBy)!;
        if (!org.HoldsGrant(approver, a.Unit, Grants.UnitHead, a.DecisionDate))
            return $"approval: {approver.Name} ({a.ApprovedBy}) is not the head of {unit.Name.Vi} ({a.Unit}) on {a.DecisionDate:yyyy-MM-dd}, the day of the decision: only the head of the approving unit approves";
        if (string.IsNullOrWhiteSpace(a.Decision)) return "approval: decision needs the number of the approving decision (Quyết định số …)";
        if (a.DecisionDate > d.EffectiveFrom) return $"approval: the decision of {a.DecisionDate:yyyy-MM-dd} comes after the version takes effect ({d.EffectiveFrom:yyyy-MM-dd})";
        if (a.DecisionDate > today) return $"approval: the decision is dated {a.DecisionDate:yyyy-MM-dd}, after today ({today:yyyy-MM-dd})";
        return null;
    }
}
