using System.Globalization;

namespace IsoEdms.Domain.Procedures;

public sealed record DiffLine(string Kind, string Subject, string? Before, string? After)
{
    public override string ToString() => Kind switch
    {
        "added" => $"+ {Subject}: {After}",
        "removed" => $"- {Subject}: {Before}",
        _ => $"~ {Subject}: {Before} → {After}",
    };
}

/// <summary>What changed between two versions: header fields, steps added, removed and changed (budget, role, unit, routing).</summary>
public static class ProcedureDiff
{
    public static IReadOnlyList<DiffLine> Compare(ProcedureDefinition a, ProcedureDefinition b)
    {
        var lines = new List<DiffLine>();
        void Field(string name, string? x, string? y) { if (x != y) lines.Add(new DiffLine("changed", name, x, y)); }
        Field("title.vi", a.Title.Vi, b.Title.Vi);
        Field("title.en", a.Title.En, b.Title.En);
        Field("level", a.Level, b.Level);
        Field("legal_basis", string.Join("; ", a.LegalBasis), string.Join("; ", b.LegalBasis));
        Field("effective_from", a.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), b.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Field("calendar", a.Calendar, b.Calendar);
        Field("time_limit", a.TimeLimit.ToString(), b.TimeLimit.ToString());
        Field("cutoff", a.Cutoff?.ToString("HH:mm", CultureInfo.InvariantCulture), b.Cutoff?.ToString("HH:mm", CultureInfo.InvariantCulture));
        Field("suspension_policy", a.SuspensionPolicy.ToString().ToLowerInvariant(), b.SuspensionPolicy.ToString().ToLowerInvariant());
        Field("classification_policy", a.ClassificationPolicy, b.ClassificationPolicy);
        Field("at_risk_at", a.AtRiskAt?.ToString(CultureInfo.InvariantCulture), b.AtRiskAt?.ToString(CultureInfo.InvariantCulture));

        foreach (var s in a.Steps.Where(s => b.Step(s.Id) is null))
            lines.Add(new DiffLine("removed", $"step {s.Id}", null, null) with { Before = Describe(s) });
        foreach (var s in b.Steps.Where(s => a.Step(s.Id) is null))
            lines.Add(new DiffLine("added", $"step {s.Id}", null, Describe(s)));
        foreach (var s in b.Steps)
        {
            if (a.Step(s.Id) is not { } old) continue;
            void StepField(string name, string? x, string? y) { if (x != y) lines.Add(new DiffLine("changed", $"step {s.Id}.{name}", x, y)); }
            StepField("budget_hours", Hours(old.BudgetHours), Hours(s.BudgetHours));
            StepField("role", old.Role, s.Role);
            StepField("unit", old.Unit, s.Unit);
            StepField("routing", Routing(old), Routing(s));
            StepField("stops_clock", old.StopsClock.ToString().ToLowerInvariant(), s.StopsClock.ToString().ToLowerInvariant());
            StepField("completed_at_receipt", old.CompletedAtReceipt.ToString().ToLowerInvariant(), s.CompletedAtReceipt.ToString().ToLowerInvariant());
            StepField("title.vi", old.Title?.Vi, s.Title?.Vi);
            StepField("title.en", old.Title?.En, s.Title?.En);
        }
        var orderA = a.Steps.Select(s => s.Id).Where(id => b.Step(id) is not null).ToList();
        var orderB = b.Steps.Select(s => s.Id).Where(id => a.Step(id) is not null).ToList();
        if (!orderA.SequenceEqual(orderB)) lines.Add(new DiffLine("changed", "step order", string.Join(", ", orderA), string.Join(", ", orderB)));
        // a controlled document's diff never hides a change (ISO 9001 7.5.3): anything the lines above do not name is said too
        if (lines.Count == 0 && Documents.Canonical.Sha256(a with { Version = b.Version }) != Documents.Canonical.Sha256(b))
            lines.Add(new DiffLine("changed", "definition", "(the fields above are equal)", "other content changed: compare the files"));
        return lines;
    }

    private static string Hours(decimal h) => h.ToString("0.##", CultureInfo.InvariantCulture) + " h";

    private static string Routing(ProcedureStep s) =>
        s.End ? "end" : s.Next is not null ? $"next {s.Next}" : "outcomes " + string.Join(", ", s.Outcomes!.Select(o => $"{o.Key}→{o.Value}"));

    private static string Describe(ProcedureStep s) => $"{s.Role} @ {s.Unit}, {Hours(s.BudgetHours)}, {Routing(s)}";
}
