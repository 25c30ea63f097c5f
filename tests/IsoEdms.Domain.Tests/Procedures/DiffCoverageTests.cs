using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Procedures;

namespace IsoEdms.Domain.Tests.Procedures;

/// <summary>
/// ISO 9001 7.5.3: the diff of two versions of a controlled document names every change. Each settable field of a
/// procedure and of its steps is changed alone, and the diff must name that field (not only say "something changed");
/// a field added to the records without a case here fails the coverage check.
/// </summary>
public class DiffCoverageTests
{
    private static readonly ProcedureDefinition Base =
        ProcessSet.Load(RepoPaths.Processes).Procedures.Single(p => p.Value.Code == "chung-thuc.hop-dong-dat" && p.Value.Version == 1).Value;

    private static ProcedureDefinition Step(string id, Func<ProcedureStep, ProcedureStep> change) =>
        Base with { Version = 2, Steps = Base.Steps.Select(s => s.Id == id ? change(s) : s).ToList() };

    /// <summary>Field → a version 2 that changes only that field, and the subject the diff must name.</summary>
    private static readonly Dictionary<string, (Func<ProcedureDefinition> Changed, string Subject)> Definition = new()
    {
        ["Title"] = (() => Base with { Version = 2, Title = Base.Title with { En = Base.Title.En + " (revised)" } }, "title.en"),
        ["Level"] = (() => Base with { Version = 2, Level = Base.Level == "commune" ? "province" : "commune" }, "level"),
        ["LegalBasis"] = (() => Base with { Version = 2, LegalBasis = [.. Base.LegalBasis, "Nghị định 07/2025/NĐ-CP"] }, "legal_basis"),
        ["EffectiveFrom"] = (() => Base with { Version = 2, EffectiveFrom = Base.EffectiveFrom.AddDays(1) }, "effective_from"),
        ["Calendar"] = (() => Base with { Version = 2, Calendar = "vn-gov-2" }, "calendar"),
        ["TimeLimit"] = (() => Base with { Version = 2, TimeLimit = Base.TimeLimit with { Amount = Base.TimeLimit.Amount + 1 } }, "time_limit"),
        ["Cutoff"] = (() => Base with { Version = 2, Cutoff = new TimeOnly(15, 30) }, "cutoff"),
        ["SuspensionPolicy"] = (() => Base with { Version = 2, SuspensionPolicy = Base.SuspensionPolicy == SuspensionPolicy.Pause ? SuspensionPolicy.Restart : SuspensionPolicy.Pause }, "suspension_policy"),
        ["ClassificationPolicy"] = (() => Base with { Version = 2, ClassificationPolicy = "vn-2026" }, "classification_policy"),
        ["AtRiskAt"] = (() => Base with { Version = 2, AtRiskAt = 0.6m }, "at_risk_at"),
        ["Steps"] = (() => Base with { Version = 2, Steps = [.. Base.Steps.Skip(1).Take(1), Base.Steps[0], .. Base.Steps.Skip(2)] }, "step order"),
    };

    private static readonly Dictionary<string, (Func<ProcedureDefinition> Changed, string Subject)> StepFields = new()
    {
        ["Id"] = (() => Step("review", s => s with { Id = "xem-xet" }), "step xem-xet"),
        ["Title"] = (() => Step("review", s => s with { Title = new LocalizedText(s.Title?.Vi ?? "Xem xét", (s.Title?.En ?? "Review") + " and sign") }), "step review.title.en"),
        ["Role"] = (() => Step("review", s => s with { Role = "clerk" }), "step review.role"),
        ["Unit"] = (() => Step("review", s => s with { Unit = "xa-dan-dien" }), "step review.unit"),
        ["BudgetHours"] = (() => Step("review", s => s with { BudgetHours = s.BudgetHours + 0.5m }), "step review.budget_hours"),
        ["Next"] = (() => Step("receive", s => s with { Next = "hand-back" }), "step receive.routing"),
        ["Outcomes"] = (() => Step("review", s => s with { Outcomes = s.Outcomes is { } o ? o.ToDictionary(x => x.Key, x => x.Value).Append(new("ask", "receive")).ToDictionary() : new Dictionary<string, string> { ["ok"] = "hand-back" } }), "step review.routing"),
        ["End"] = (() => Step("review", s => s with { End = !s.End }), "step review.routing"),
        ["StopsClock"] = (() => Step("review", s => s with { StopsClock = !s.StopsClock }), "step review.stops_clock"),
        ["CompletedAtReceipt"] = (() => Step("receive", s => s with { CompletedAtReceipt = !s.CompletedAtReceipt }), "step receive.completed_at_receipt"),
    };

    /// <summary>Not compared: a diff is between two versions of one procedure (its code) and names them (their numbers).</summary>
    private static readonly string[] NotCompared = ["Code", "Version"];

    public static TheoryData<string, string> Fields()
    {
        var data = new TheoryData<string, string>();
        foreach (var f in Definition.Keys) data.Add("definition", f);
        foreach (var f in StepFields.Keys) data.Add("step", f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void A_change_of_one_field_is_named_by_the_diff(string of, string field)
    {
        var (changed, subject) = of == "definition" ? Definition[field] : StepFields[field];
        var b = changed();
        Canonical.Sha256(b with { Version = 1 }).ShouldNotBe(Canonical.Sha256(Base), "the case must really change the document");
        var lines = ProcedureDiff.Compare(Base, b);
        lines.ShouldContain(l => l.Subject.StartsWith(subject, StringComparison.Ordinal), string.Join("\n", lines));
        lines.ShouldNotContain(l => l.Subject == "definition");
    }

    [Fact]
    public void Every_field_of_a_procedure_and_of_a_step_has_a_case_above()
    {
        static IEnumerable<string> Settable(Type t) => t.GetProperties().Where(p => p.SetMethod is not null).Select(p => p.Name);
        Settable(typeof(ProcedureDefinition)).Except(NotCompared).Order().ShouldBe(Definition.Keys.Order());
        Settable(typeof(ProcedureStep)).Order().ShouldBe(StepFields.Keys.Order());
    }
}
