using System.Globalization;
using IsoEdms.Domain.Organisation;

namespace IsoEdms.Domain.Audits;

public static class FindingKinds
{
    /// <summary>Nonconformities (they become nonconformities of the register), then what is only noted.</summary>
    public const string Major = "major", Minor = "minor", Observation = "observation", Opportunity = "opportunity";

    public static readonly string[] All = [Major, Minor, Observation, Opportunity];

    public static bool IsNonconformity(string kind) => kind is Major or Minor;
}

/// <summary>A finding of an internal audit: its number, kind and words, what it concerns; a nonconformity raised for it when it is one.</summary>
public sealed record AuditFindingRecorded(Guid AuditId, int No, string Kind, string Text, string? Procedure, string? CaseCode, Guid? NonconformityId,
    string By, DateTimeOffset At);

/// <summary>The head of the audited unit accepted the audit's report.</summary>
public sealed record AuditReportAccepted(Guid AuditId, string AcceptedBy, DateOnly On, string? Comment, string By, DateTimeOffset At);

/// <summary>What an audit decision needs to know of the audit.</summary>
public sealed record AuditState(Guid Id, string Unit, IReadOnlyList<string> Procedures, string Lead, IReadOnlyList<string> Team, DateOnly From, DateOnly To,
    int Findings, bool Accepted);

/// <summary>
/// Rule 33: findings are recorded by the audit's lead or team, from its first day, on a procedure of its scope when
/// they name one; a major or minor nonconformity is also raised as a nonconformity of the audited unit. The report is
/// accepted once, on or after the audit's last day, by a head of the audited unit on that day.
/// </summary>
public static class AuditConduct
{
    public static (AuditFindingRecorded? Finding, AuditRefusal? Refusal) Find(AuditState a, string kind, string text, string? procedure, string? caseCode,
        Guid? nonconformityId, DateOnly today, string by, DateTimeOffset at)
    {
        if (by != a.Lead && !a.Team.Contains(by)) return (null, new AuditRefusal(Say.It("not_auditor_of_audit", $"{by:person} is not the lead or in the team of this audit: only its auditors record findings"), "by"));
        if (today < a.From) return (null, new AuditRefusal(Say.It("audit_not_started", $"the audit starts on {a.From:date}; findings are recorded from that day"), "at"));
        if (a.Accepted) return (null, new AuditRefusal(Say.It("audit_report_accepted", $"the audit's report is accepted: it takes no more findings"), "at"));
        if (!FindingKinds.All.Contains(kind)) return (null, new AuditRefusal(Say.It("finding_kind_unknown", $"a finding is {FindingKinds.All:text}, not '{kind:text}'"), "kind"));
        if (string.IsNullOrWhiteSpace(text)) return (null, new AuditRefusal(Say.It("finding_text_missing", $"say what was found, and the evidence"), "text"));
        if (procedure is not null && !a.Procedures.Contains(procedure)) return (null, new AuditRefusal(Say.It("procedure_out_of_scope", $"'{procedure:code}' is not in the audit's scope ({a.Procedures:text})"), "procedure"));
        return (new AuditFindingRecorded(a.Id, a.Findings + 1, kind, text.Trim(), procedure, caseCode, FindingKinds.IsNonconformity(kind) ? nonconformityId : null, by, at), null);
    }

    public static (AuditReportAccepted? Accepted, AuditRefusal? Refusal) Accept(AuditState a, OrgSnapshot org, DateOnly on, string by, string? comment, DateTimeOffset at)
    {
        if (a.Accepted) return (null, new AuditRefusal(Say.It("report_already_accepted", $"the report is already accepted"), "at"));
        if (on < a.To) return (null, new AuditRefusal(Say.It("audit_not_ended", $"the audit ends on {a.To:date}: its report is accepted after that"), "on"));
        if (!org.HoldsGrant(org.Person(by), a.Unit, Grants.UnitHead, on))
            return (null, new AuditRefusal(Say.It("not_head_of_audited", $"{(org.Person(by)?.Name ?? by):text} is not a head of the audited unit ({a.Unit:unit}) on {on:date}: the audited unit's head accepts the report"), "by"));
        return (new AuditReportAccepted(a.Id, by, on, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), by, at), null);
    }
}

/// <summary>What the year before says of a procedure at a unit, for planning the audit programme.</summary>
public sealed record AuditCandidate(string Unit, string Procedure, int Finished, int Late, int Nonconformities, int RiskScore, DateOnly? LastAudited);

public sealed record ProposedProcedure(string Procedure, decimal Weight, string Reasons, int Finished, int Late, int Nonconformities, int RiskScore, int MonthsSinceAudit);

/// <summary>One audit the programme proposes: a unit, its procedures most in need first, and the weight of the unit.</summary>
public sealed record ProposedAudit(string Unit, decimal Weight, IReadOnlyList<ProposedProcedure> Procedures);

/// <summary>
/// Rule 34: the yearly programme proposes an audit of each unit that handled dossiers in the twelve months before the
/// year, with at most three procedures, weighted by what calls for an audit: the late rate in percent, twice the
/// nonconformities, twice the highest score of an open risk on it, and the months since it was last audited (24 when
/// never, at most 24). Units in order of their heaviest procedure.
/// </summary>
public static class AuditProgrammeProposal
{
    public static IReadOnlyList<ProposedAudit> Propose(IEnumerable<AuditCandidate> candidates, DateOnly yearStart)
    {
        ProposedProcedure Weigh(AuditCandidate c)
        {
            var late = c.Finished == 0 ? 0m : Math.Round(100m * c.Late / c.Finished, 1);
            var months = c.LastAudited is { } d ? Math.Min(24, (yearStart.Year - d.Year) * 12 + yearStart.Month - d.Month) : 24;
            var weight = late + 2 * c.Nonconformities + 2 * c.RiskScore + months;
            var reasons = string.Join("; ", new[]
            {
                $"late {late.ToString("0.#", CultureInfo.InvariantCulture)} % of {c.Finished}",
                c.Nonconformities > 0 ? $"{c.Nonconformities} nonconformit{(c.Nonconformities == 1 ? "y" : "ies")}" : null,
                c.RiskScore > 0 ? $"risk score {c.RiskScore}" : null,
                c.LastAudited is { } last ? $"last audited {last:yyyy-MM-dd}" : "never audited",
            }.Where(r => r is not null));
            return new ProposedProcedure(c.Procedure, weight, reasons, c.Finished, c.Late, c.Nonconformities, c.RiskScore, months);
        }
        return candidates.Where(c => c.Finished > 0 || c.Nonconformities > 0).GroupBy(c => c.Unit)
            .Select(g =>
            {
                var top = g.Select(Weigh).OrderByDescending(p => p.Weight).ThenBy(p => p.Procedure, StringComparer.Ordinal).Take(3).ToList();
                return new ProposedAudit(g.Key, top[0].Weight, top);
            })
            .OrderByDescending(a => a.Weight).ThenBy(a => a.Unit, StringComparer.Ordinal).ToList();
    }
}

/// <summary>The follow-up of a nonconformity found by an audit: whether what was done removed it (ISO 9001:2015, 9.2.2 e; 10.2.1 d).</summary>
public sealed record AuditFindingFollowedUp(Guid AuditId, int No, bool Effective, string Note, DateOnly On, string By, DateTimeOffset At);

/// <summary>The year's audit programme approved: the audits it holds, by whom, by which decision.</summary>
public sealed record AuditProgrammeApproved(Guid ProgrammeId, int Year, IReadOnlyList<Guid> Audits, string ApprovedBy, string Decision, DateOnly DecisionDate,
    string By, DateTimeOffset At);

/// <summary>Rules 35-36: following up findings, and approving the year's programme.</summary>
public static class AuditFollowUp
{
    public static Guid ProgrammeIdFor(int year) => Documents.Canonical.StreamId("audit-programme", year.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A nonconformity found by an audit is followed up by the audit's lead, after the report is accepted, once it is
    /// judged effective (a follow-up judged not effective can be repeated later).
    /// </summary>
    public static (AuditFindingFollowedUp? FollowedUp, AuditRefusal? Refusal) FollowUp(AuditState a, IReadOnlyList<(int No, string Kind, bool Effective)> findings,
        int no, bool effective, string note, DateOnly on, string by, DateTimeOffset at)
    {
        if (by != a.Lead) return (null, new AuditRefusal(Say.It("not_lead_auditor", $"{by:person} is not the lead auditor ({a.Lead:person}): the lead follows the findings up"), "by"));
        if (!a.Accepted) return (null, new AuditRefusal(Say.It("report_not_accepted", $"the report is not accepted yet: findings are followed up after it"), "no"));
        if (findings.FirstOrDefault(f => f.No == no) is not { Kind: not null } f) return (null, new AuditRefusal(Say.It("no_such_finding", $"the audit has no finding {no:number}"), "no"));
        if (!FindingKinds.IsNonconformity(f.Kind)) return (null, new AuditRefusal(Say.It("finding_not_nc", $"finding {no:number} is an {f.Kind:text}, not a nonconformity: nothing to follow up"), "no"));
        if (f.Effective) return (null, new AuditRefusal(Say.It("finding_already_effective", $"finding {no:number} was already found effectively dealt with"), "no"));
        if (string.IsNullOrWhiteSpace(note)) return (null, new AuditRefusal(Say.It("follow_up_note_missing", $"say what was checked, and what it showed"), "note"));
        return (new AuditFindingFollowedUp(a.Id, no, effective, note.Trim(), on, by, at), null);
    }

    /// <summary>
    /// The programme of a year is approved by a person holding the unit-head grant on the decision's day who is not an
    /// auditor of any of its audits, with a decision number; it holds the audits planned to start in the year, at least one,
    /// and is approved once.
    /// </summary>
    public static (AuditProgrammeApproved? Approved, AuditRefusal? Refusal) Approve(int year, IReadOnlyList<AuditState> audits, bool alreadyApproved, OrgSnapshot org,
        string approver, string decision, DateOnly decisionDate, string by, DateTimeOffset at)
    {
        if (alreadyApproved) return (null, new AuditRefusal(Say.It("programme_already_approved", $"the audit programme of {year:number} is already approved"), "year"));
        var mine = audits.Where(a => a.From.Year == year).ToList();
        if (mine.Count == 0) return (null, new AuditRefusal(Say.It("programme_empty", $"no audit is planned to start in {year:number}: plan them first (audits create)"), "year"));
        if (string.IsNullOrWhiteSpace(decision)) return (null, new AuditRefusal(Say.It("decision_number_missing", $"the approving decision needs its number (Quyết định số …)"), "decision"));
        if (org.Person(approver) is not { } p) return (null, new AuditRefusal(Say.It("unknown_person", $"'{approver:person}' is not a person of the organisation"), "approved_by"));
        if (!org.HoldsGrantAnywhere(p, Grants.UnitHead, decisionDate)) return (null, new AuditRefusal(Say.It("approver_heads_nothing", $"{p.Name:text} ({approver:code}) heads no unit on {decisionDate:date}"), "approved_by"));
        if (mine.Any(a => a.Lead == approver || a.Team.Contains(approver))) return (null, new AuditRefusal(Say.It("approver_audits", $"{p.Name:text} ({approver:code}) audits in this programme and cannot approve it"), "approved_by"));
        return (new AuditProgrammeApproved(ProgrammeIdFor(year), year, [.. mine.OrderBy(a => a.From).Select(a => a.Id)], approver, decision.Trim(), decisionDate, by, at), null);
    }
}
