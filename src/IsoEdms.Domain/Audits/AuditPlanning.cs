using IsoEdms.Domain.Organisation;

namespace IsoEdms.Domain.Audits;

/// <summary>An internal audit was planned (ISO 9001:2015, 9.2): its scope, criteria, lead auditor and team, and dates.</summary>
public sealed record AuditPlanned(
    Guid AuditId, string Unit, IReadOnlyList<string> Procedures, string Criteria, string Lead, IReadOnlyList<string> Team,
    DateOnly From, DateOnly To, string By, DateTimeOffset At);

/// <summary>What a quality officer asks for when planning an audit.</summary>
public sealed record PlanAudit(string Unit, IReadOnlyList<string> Procedures, string Lead, IReadOnlyList<string> Team, DateOnly From, DateOnly To, string? Criteria = null);

/// <summary>Why an audit cannot be planned: the words, and the request field at fault.</summary>
public sealed record AuditRefusal(Said Said, string Field)
{
    /// <summary>The English words (the command line's); people read <see cref="Said"/> worded in their language.</summary>
    public string Message => Said.English;
}

/// <summary>
/// Planning an internal audit. The rule that makes it an audit (ISO 19011, independence): no auditor audits a unit they
/// belong to on any day of the audit; the refusal names the person, the unit and the first such day. The lead and the
/// team hold the auditor grant on the audit's first day; the unit and every procedure exist.
/// </summary>
public static class AuditPlanning
{
    public const string DefaultCriteria = "TCVN ISO 9001:2015; các quy trình nội bộ trong phạm vi đánh giá";

    public static (AuditPlanned? Planned, AuditRefusal? Refusal) Plan(Guid id, PlanAudit c, OrgSnapshot org, ISet<string> publishedProcedures, string by, DateTimeOffset at)
    {
        if (c.To < c.From) return (null, new AuditRefusal(Say.It("period_reversed", $"the audit ends ({c.To:date}) before it starts ({c.From:date})"), "to"));
        if ((c.To.DayNumber - c.From.DayNumber) > 366) return (null, new AuditRefusal(Say.It("audit_too_long", $"an audit lasts at most a year"), "to"));
        if (org.Unit(c.Unit) is null) return (null, new AuditRefusal(Say.It("unknown_unit", $"'{c.Unit:unit}' is not a unit of the organisation"), "unit"));
        if (c.Procedures.Count == 0) return (null, new AuditRefusal(Say.It("audit_scope_empty", $"name at least one procedure in the audit's scope"), "procedures"));
        if (c.Procedures.FirstOrDefault(p => !publishedProcedures.Contains(p)) is { } unknown)
            return (null, new AuditRefusal(Say.It("procedure_not_published", $"'{unknown:code}' is not a published procedure"), "procedures"));
        var auditors = new[] { c.Lead }.Concat(c.Team).ToList();
        if (auditors.GroupBy(a => a).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return (null, new AuditRefusal(Say.It("auditor_twice", $"{twice.Key:person} is named twice in the audit team"), twice.Key == c.Lead ? "team" : "team"));
        foreach (var code in auditors)
        {
            var field = code == c.Lead ? "lead" : "team";
            if (org.Person(code) is not { } person) return (null, new AuditRefusal(Say.It("unknown_person", $"'{code:person}' is not a person of the organisation"), field));
            if (!org.HoldsGrantAnywhere(person, Grants.Auditor, c.From))
                return (null, new AuditRefusal(Say.It("not_auditor", $"{person.Name:text} ({code:code}) holds no auditor role on {c.From:date}"), field));
            for (var day = c.From; day <= c.To; day = day.AddDays(1))
                if (person.Assignments.Any(a => a.Unit == c.Unit && a.CoversDate(day)))
                    return (null, new AuditRefusal(
                        Say.It("auditor_own_unit", $"{person.Name:text} ({code:code}) belongs to {org.Unit(c.Unit)!.Name.Vi:text} ({c.Unit:code}) on {day:date}, a day of the audit: an auditor never audits their own unit"), field));
        }
        return (new AuditPlanned(id, c.Unit, [.. c.Procedures], string.IsNullOrWhiteSpace(c.Criteria) ? DefaultCriteria : c.Criteria!, c.Lead, [.. c.Team], c.From, c.To, by, at), null);
    }
}
