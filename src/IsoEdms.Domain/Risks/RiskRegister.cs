using System.Text.RegularExpressions;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Organisation;

namespace IsoEdms.Domain.Risks;

public static class RiskKinds
{
    public const string Risk = "risk", Opportunity = "opportunity";
}

public static class RiskLevels
{
    /// <summary>By likelihood × impact (each 1-5): low up to 4, medium up to 9, high from 10.</summary>
    public static string Of(int likelihood, int impact) => (likelihood * impact) switch { <= 4 => "low", <= 9 => "medium", _ => "high" };
}

/// <summary>A risk or opportunity was put on the register (ISO 9001:2015, 6.1) for a process (procedure) and/or unit, rated and owned.</summary>
public sealed record RiskRecorded(Guid RiskId, string Code, string Kind, string Title, string? Procedure, string? Unit, int Likelihood, int Impact,
    string Owner, string? Basis, string By, DateTimeOffset At);

/// <summary>An action on a risk, with its owner and due date.</summary>
public sealed record RiskActionPlanned(Guid RiskId, int No, string Description, string Owner, DateOnly Due, string By, DateTimeOffset At);

public sealed record RiskActionCompleted(Guid RiskId, int No, string Evidence, DateOnly On, string By, DateTimeOffset At);

/// <summary>The effectiveness of the actions reviewed (6.1.2 b): the risk rated again, and whether the actions worked.</summary>
public sealed record RiskReviewed(Guid RiskId, int Likelihood, int Impact, bool Effective, string Note, DateOnly On, string By, DateTimeOffset At);

public sealed record RecordRisk(string Code, string Kind, string Title, string? Procedure, string? Unit, int Likelihood, int Impact, string Owner, string? Basis);

public sealed record RiskRefusal(Said Said, string Field)
{
    /// <summary>The English words (the command line's); people read <see cref="Said"/> worded in their language.</summary>
    public string Message => Said.English;
}

/// <summary>What a decision on a risk needs to know of it.</summary>
public sealed record RiskState(Guid Id, string Code, IReadOnlyList<(int No, DateOnly Due, bool Done)> Actions);

/// <summary>
/// Rule 31: a risk names what it threatens (a procedure, a unit, or both), is rated 1-5 for likelihood and impact, and is
/// owned by a person; actions have owners and due dates; an action is done once, with evidence; a review rates it again
/// and says whether the actions worked, once at least one action is done.
/// </summary>
public static partial class RiskRegister
{
    public static Guid StreamIdFor(string code) => Canonical.StreamId("risk", code);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{0,79}$")]
    private static partial Regex CodePattern();

    public static (RiskRecorded? Recorded, RiskRefusal? Refusal) Record(RecordRisk c, OrgSnapshot org, ISet<string> publishedProcedures, string by, DateTimeOffset at)
    {
        static (RiskRecorded?, RiskRefusal?) No(Said m, string f) => (null, new RiskRefusal(m, f));
        if (c.Code is null || !CodePattern().IsMatch(c.Code)) return No(Say.It("risk_code_invalid", $"'{c.Code:code}' is not a risk code (lower-case letters, digits, '.', '-'; at most 80)"), "code");
        if (c.Kind is not (RiskKinds.Risk or RiskKinds.Opportunity)) return No(Say.It("risk_kind_unknown", $"kind is 'risk' or 'opportunity', not '{c.Kind:text}'"), "kind");
        if (string.IsNullOrWhiteSpace(c.Title)) return No(Say.It("risk_title_missing", $"say what the risk is"), "title");
        if (c.Procedure is null && c.Unit is null) return No(Say.It("risk_scope_missing", $"name the procedure, the unit, or both, that the risk concerns"), "procedure");
        if (c.Procedure is not null && !publishedProcedures.Contains(c.Procedure)) return No(Say.It("procedure_not_published", $"'{c.Procedure:code}' is not a published procedure"), "procedure");
        if (c.Unit is not null && org.Unit(c.Unit) is null) return No(Say.It("unknown_unit", $"'{c.Unit:unit}' is not a unit of the organisation"), "unit");
        if (c.Likelihood is < 1 or > 5) return No(Say.It("likelihood_out_of_scale", $"likelihood is rated 1 (rare) to 5 (almost certain), not {c.Likelihood:number}"), "likelihood");
        if (c.Impact is < 1 or > 5) return No(Say.It("impact_out_of_scale", $"impact is rated 1 (negligible) to 5 (severe), not {c.Impact:number}"), "impact");
        if (org.Person(c.Owner) is null) return No(Say.It("unknown_person", $"'{c.Owner:person}' is not a person of the organisation"), "owner");
        return (new RiskRecorded(StreamIdFor(c.Code), c.Code, c.Kind, c.Title.Trim(), c.Procedure, c.Unit, c.Likelihood, c.Impact, c.Owner, c.Basis, by, at), null);
    }

    public static (RiskActionPlanned? Planned, RiskRefusal? Refusal) Plan(RiskState s, string description, string owner, DateOnly due, OrgSnapshot org, DateOnly today, string by, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(description)) return (null, new RiskRefusal(Say.It("action_description_missing", $"say what the action is"), "description"));
        if (org.Person(owner) is null) return (null, new RiskRefusal(Say.It("unknown_person", $"'{owner:person}' is not a person of the organisation"), "owner"));
        if (due < today) return (null, new RiskRefusal(Say.It("action_due_past", $"the action is due on {due:date}, before today ({today:date})"), "due"));
        return (new RiskActionPlanned(s.Id, s.Actions.Count + 1, description.Trim(), owner, due, by, at), null);
    }

    public static (RiskActionCompleted? Completed, RiskRefusal? Refusal) Complete(RiskState s, int no, string evidence, DateOnly on, string by, DateTimeOffset at)
    {
        if (s.Actions.All(a => a.No != no)) return (null, new RiskRefusal(Say.It("no_such_action", $"risk {s.Code:code} has no action {no:number}"), "no"));
        if (s.Actions.Any(a => a.No == no && a.Done)) return (null, new RiskRefusal(Say.It("action_already_completed", $"action {no:number} of risk {s.Code:code} is already done"), "no"));
        if (string.IsNullOrWhiteSpace(evidence)) return (null, new RiskRefusal(Say.It("action_evidence_missing", $"say what shows the action done"), "evidence"));
        return (new RiskActionCompleted(s.Id, no, evidence.Trim(), on, by, at), null);
    }

    public static (RiskReviewed? Reviewed, RiskRefusal? Refusal) Review(RiskState s, int likelihood, int impact, bool effective, string note, DateOnly on, string by, DateTimeOffset at)
    {
        if (!s.Actions.Any(a => a.Done)) return (null, new RiskRefusal(Say.It("risk_nothing_done", $"no action of risk {s.Code:code} is done yet: their effectiveness cannot be reviewed"), "effective"));
        if (likelihood is < 1 or > 5) return (null, new RiskRefusal(Say.It("likelihood_out_of_scale", $"likelihood is rated 1 to 5, not {likelihood:number}"), "likelihood"));
        if (impact is < 1 or > 5) return (null, new RiskRefusal(Say.It("impact_out_of_scale", $"impact is rated 1 to 5, not {impact:number}"), "impact"));
        if (string.IsNullOrWhiteSpace(note)) return (null, new RiskRefusal(Say.It("risk_review_note_missing", $"say what the review found"), "note"));
        return (new RiskReviewed(s.Id, likelihood, impact, effective, note.Trim(), on, by, at), null);
    }
}

/// <summary>Three consecutive ended months of a procedure at a unit: dossiers finished and late, nonconformities raised.</summary>
public sealed record MonthlyFigures(string Month, int Finished, int Late, int Nonconformities);

/// <summary>A risk the data suggests: what rose, where, and the figures that show it.</summary>
/// <summary>A proposal of rule 32: the reason in words, and which signals raised it (<see cref="RiskSignals"/>) for a page to word.</summary>
public sealed record RiskProposal(string Procedure, string Unit, string Reason, IReadOnlyList<MonthlyFigures> Months, IReadOnlyList<string> Signals);

/// <summary>What rule 32 saw rising over the three months.</summary>
public static class RiskSignals
{
    public const string LateRateRising = "late_rate_rising", NonconformitiesRising = "nonconformities_rising";
}

/// <summary>
/// Rule 32: a procedure at a unit is proposed as a risk when over the last three ended months its late rate rose month
/// after month and ended at 10 % or more (with at least 5 dossiers finished in each month), or its nonconformities rose
/// month after month. Proposals are suggestions for the quality officer, not entries of the register.
/// </summary>
public static class RiskProposals
{
    public const int MinFinished = 5;
    public const decimal MinLateRate = 0.10m;

    public static RiskProposal? Judge(string procedure, string unit, IReadOnlyList<MonthlyFigures> months)
    {
        if (months.Count != 3) throw new ArgumentException("three months, oldest first", nameof(months));
        decimal Rate(MonthlyFigures m) => (decimal)m.Late / m.Finished;
        var reasons = new List<string>();
        var signals = new List<string>();
        if (months.All(m => m.Finished >= MinFinished) && Rate(months[0]) < Rate(months[1]) && Rate(months[1]) < Rate(months[2]) && Rate(months[2]) >= MinLateRate)
            signals.Add(RiskSignals.LateRateRising);
        if (months[0].Nonconformities < months[1].Nonconformities && months[1].Nonconformities < months[2].Nonconformities)
            signals.Add(RiskSignals.NonconformitiesRising);
        if (signals.Contains(RiskSignals.LateRateRising))
            reasons.Add($"the late rate rose three months running: {string.Join(" → ", months.Select(m => $"{(100 * Rate(m)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} %"))}");
        if (signals.Contains(RiskSignals.NonconformitiesRising))
            reasons.Add($"nonconformities rose three months running: {string.Join(" → ", months.Select(m => m.Nonconformities))}");
        return reasons.Count == 0 ? null : new RiskProposal(procedure, unit, string.Join("; ", reasons), months, signals);
    }
}
