
namespace IsoEdms.Domain.Procedures;

public sealed record LocalizedText(string Vi, string? En)
{
    public string For(string language) => language == "en" && !string.IsNullOrEmpty(En) ? En : Vi;
}

public static class StepUnits
{
    /// <summary>The unit that received the case.</summary>
    public const string Receiving = "receiving";
}

public static class Outcomes
{
    /// <summary>An outcome target that refuses the case (form 03).</summary>
    public const string Refuse = "refuse";
}

public sealed record ProcedureStep(
    string Id,
    LocalizedText? Title,
    string Role,
    string Unit,
    decimal BudgetHours,
    string? Next,
    IReadOnlyDictionary<string, string>? Outcomes,
    bool End,
    bool StopsClock)
{
    public TimeSpan Budget => TimeSpan.FromMinutes((double)(BudgetHours * 60));

    /// <summary>
    /// The first step is done at the desk in the act of receiving (the receipt completes it): <c>completed_at_receipt:
    /// true</c>. Left out of the canonical JSON when false, so the versions published before it existed keep their hash.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool CompletedAtReceipt { get; init; }
}

/// <summary>One published version of a procedure (quy trình nội bộ), exactly as its file defines it.</summary>
public sealed record ProcedureDefinition(
    string Code,
    int Version,
    LocalizedText Title,
    string Level,
    IReadOnlyList<string> LegalBasis,
    DateOnly EffectiveFrom,
    string Calendar,
    TimeLimit TimeLimit,
    TimeOnly? Cutoff,
    SuspensionPolicy SuspensionPolicy,
    string ClassificationPolicy,
    IReadOnlyList<ProcedureStep> Steps)
{
    /// <summary>
    /// The share of a step's budget after which the step is at risk (<c>at_risk_at: 0.8</c>); null: the default of
    /// <see cref="Timeliness.Risk.DefaultAtRiskAt"/>. Left out of the canonical JSON when null, so earlier versions keep their hash.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? AtRiskAt { get; init; }

    public ProcedureStep FirstStep => Steps[0];
    public ProcedureStep? Step(string id) => Steps.FirstOrDefault(s => s.Id == id);
}

/// <summary>What a procedure file is checked against: published calendars, the organisation's roles and units.</summary>
public sealed record ReferenceData(
    IReadOnlyDictionary<string, TimeSpan> CalendarDayLengths,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> Units)
{
    public static ReferenceData Empty { get; } = new(new Dictionary<string, TimeSpan>(), new HashSet<string>(), new HashSet<string>());
}
