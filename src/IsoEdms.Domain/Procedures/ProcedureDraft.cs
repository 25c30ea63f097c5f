using System.Globalization;
using System.Text;
using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Timeliness;

namespace IsoEdms.Domain.Procedures;

/// <summary>One step of a procedure as the form-based editor holds it: text as typed, checked only when the YAML is parsed.</summary>
public sealed class StepDraft
{
    public string? Id { get; set; }
    public string? TitleVi { get; set; }
    public string? TitleEn { get; set; }
    public string? Role { get; set; }
    public string? Unit { get; set; }
    public decimal? BudgetHours { get; set; }
    /// <summary>The next step; or, with outcomes, where "approve" leads.</summary>
    public string? Next { get; set; }
    /// <summary>Where "reject" leads (a step, or <c>refuse</c>); set, the step has the outcomes approve and reject.</summary>
    public string? Reject { get; set; }
    public bool End { get; set; }
    public bool StopsClock { get; set; }
    public bool CompletedAtReceipt { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Id) && string.IsNullOrWhiteSpace(TitleVi) && string.IsNullOrWhiteSpace(Role);
}

/// <summary>
/// A procedure version as the form-based editor holds it, and the YAML file it stands for. The editor never decides what
/// is valid: it writes the file in the shipped files' layout and the file is checked exactly as a pasted or uploaded one
/// (line and column of each error), so one rule stays in one place (<see cref="ProcedureFile"/>). A published version
/// can be opened as the draft of the next one (<see cref="From"/>); writing it back gives the same definition.
/// </summary>
public sealed class ProcedureDraft
{
    public string? Code { get; set; }
    public int? Version { get; set; }
    public string? TitleVi { get; set; }
    public string? TitleEn { get; set; }
    public string? Level { get; set; }
    /// <summary>One legal document per line.</summary>
    public string? LegalBasis { get; set; }
    public DateOnly? EffectiveFrom { get; set; }
    public string? Calendar { get; set; }
    /// <summary><c>same_day</c>, <c>working_days</c>, <c>working_hours</c> or <c>calendar_days</c>.</summary>
    public string? LimitKind { get; set; }
    public decimal? LimitAmount { get; set; }
    public string? Cutoff { get; set; }
    public string? SuspensionPolicy { get; set; }
    public string? ClassificationPolicy { get; set; }
    public decimal? AtRiskAt { get; set; }
    public string? DraftedBy { get; set; }
    public string? ReviewedBy { get; set; }
    public string? ApprovedBy { get; set; }
    public string? ApprovalUnit { get; set; }
    public string? Decision { get; set; }
    public DateOnly? DecisionDate { get; set; }
    public List<StepDraft> Steps { get; set; } = [];

    /// <summary>Where the file goes: <c>procedures/&lt;code&gt;/v&lt;N&gt;.yaml</c>.</summary>
    public string Path => $"procedures/{Code?.Trim()}/v{Version}.yaml";

    /// <summary>A published version as a draft, to edit into the next one (the version number is left to the caller).</summary>
    public static ProcedureDraft From(ProcedureDefinition d, DocumentApproval? approval) => new()
    {
        Code = d.Code, Version = d.Version, TitleVi = d.Title.Vi, TitleEn = d.Title.En, Level = d.Level, LegalBasis = string.Join('\n', d.LegalBasis),
        EffectiveFrom = d.EffectiveFrom, Calendar = d.Calendar,
        LimitKind = Snake(d.TimeLimit.Kind.ToString()), LimitAmount = d.TimeLimit.Kind == TimeLimitKind.SameDay ? null : d.TimeLimit.Amount,
        Cutoff = d.Cutoff?.ToString("HH:mm", CultureInfo.InvariantCulture), SuspensionPolicy = d.SuspensionPolicy.ToString().ToLowerInvariant(),
        ClassificationPolicy = d.ClassificationPolicy == ClassificationPolicies.Default.Name ? null : d.ClassificationPolicy, AtRiskAt = d.AtRiskAt,
        DraftedBy = approval?.DraftedBy, ReviewedBy = approval?.ReviewedBy, ApprovedBy = approval?.ApprovedBy, ApprovalUnit = approval?.Unit,
        Decision = approval?.Decision, DecisionDate = approval?.DecisionDate,
        Steps = [.. d.Steps.Select(s => new StepDraft
        {
            Id = s.Id, TitleVi = s.Title?.Vi, TitleEn = s.Title?.En, Role = s.Role, Unit = s.Unit, BudgetHours = s.BudgetHours,
            Next = s.Next ?? s.Outcomes?.GetValueOrDefault("approve"), Reject = s.Outcomes?.GetValueOrDefault("reject"),
            End = s.End, StopsClock = s.StopsClock, CompletedAtReceipt = s.CompletedAtReceipt,
        })],
    };

    /// <summary>The file, in the layout of the shipped ones; what is left blank is left out (the check then names it).</summary>
    public string ToYaml()
    {
        var y = new StringBuilder();
        void Line(string text) => y.Append(text).Append('\n');
        Line($"procedure: {Plain(Code)}");
        Line($"version: {Version?.ToString(CultureInfo.InvariantCulture)}");
        Line($"title: {Titled(TitleVi, TitleEn)}");
        if (!string.IsNullOrWhiteSpace(Level)) Line($"level: {Plain(Level)}");
        var basis = (LegalBasis ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Line($"legal_basis: [{string.Join(", ", basis.Select(Quoted))}]");
        if (EffectiveFrom is { } from) Line($"effective_from: {Day(from)}");
        if (new[] { DraftedBy, ReviewedBy, ApprovedBy, ApprovalUnit, Decision }.Any(v => !string.IsNullOrWhiteSpace(v)) || DecisionDate is not null)
        {
            Line("approval:");
            if (!string.IsNullOrWhiteSpace(DraftedBy)) Line($"  drafted_by: {Plain(DraftedBy)}");
            if (!string.IsNullOrWhiteSpace(ReviewedBy)) Line($"  reviewed_by: {Plain(ReviewedBy)}");
            if (!string.IsNullOrWhiteSpace(ApprovedBy)) Line($"  approved_by: {Plain(ApprovedBy)}");
            if (!string.IsNullOrWhiteSpace(ApprovalUnit)) Line($"  unit: {Plain(ApprovalUnit)}");
            if (!string.IsNullOrWhiteSpace(Decision)) Line($"  decision: {Quoted(Decision)}");
            if (DecisionDate is { } dd) Line($"  decision_date: {Day(dd)}");
        }
        if (!string.IsNullOrWhiteSpace(Calendar)) Line($"calendar: {Plain(Calendar)}");
        Line(LimitKind?.Trim() switch
        {
            "same_day" => "time_limit: { same_day: true }",
            { Length: > 0 } kind => $"time_limit: {{ {kind}: {Number(LimitAmount)} }}",
            _ => "time_limit: {}",
        });
        if (!string.IsNullOrWhiteSpace(Cutoff)) Line($"cutoff: {Quoted(Cutoff)}");
        if (!string.IsNullOrWhiteSpace(SuspensionPolicy)) Line($"suspension_policy: {Plain(SuspensionPolicy)}");
        if (!string.IsNullOrWhiteSpace(ClassificationPolicy)) Line($"classification_policy: {Plain(ClassificationPolicy)}");
        if (AtRiskAt is { } risk) Line($"at_risk_at: {Number(risk)}");
        Line("steps:");
        foreach (var s in Steps.Where(s => !s.IsBlank))
        {
            Line($"  - id: {Plain(s.Id)}");
            if (!string.IsNullOrWhiteSpace(s.TitleVi) || !string.IsNullOrWhiteSpace(s.TitleEn)) Line($"    title: {Titled(s.TitleVi, s.TitleEn)}");
            Line($"    role: {Plain(s.Role)}");
            Line($"    unit: {Plain(s.Unit)}");
            Line($"    budget_hours: {Number(s.BudgetHours)}");
            if (s.CompletedAtReceipt) Line("    completed_at_receipt: true");
            if (s.StopsClock) Line("    stops_clock: true");
            if (s.End) Line("    end: true");
            else if (!string.IsNullOrWhiteSpace(s.Reject)) Line($"    outcomes: {{ approve: {Plain(s.Next)}, reject: {Plain(s.Reject)} }}");
            else if (!string.IsNullOrWhiteSpace(s.Next)) Line($"    next: {Plain(s.Next)}");
        }
        return y.ToString();
    }

    private static string Titled(string? vi, string? en) =>
        string.IsNullOrWhiteSpace(en) ? $"{{ vi: {Quoted(vi)} }}" : $"{{ vi: {Quoted(vi)}, en: {Quoted(en)} }}";

    /// <summary>A code as typed, quoted when YAML would read it otherwise (blank, or with characters YAML gives a meaning).</summary>
    private static string Plain(string? text)
    {
        var t = (text ?? "").Trim();
        return t.Length > 0 && t.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') ? t : Quoted(t);
    }

    private static string Quoted(string? text) => "\"" + (text ?? "").Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Number(decimal? n) => n?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
