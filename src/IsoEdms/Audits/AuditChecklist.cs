using System.Globalization;
using IsoEdms.Cases;
using IsoEdms.Domain.Audit;
using IsoEdms.Procedures;

namespace IsoEdms.Audits;

/// <summary>A question of the checklist: a step of a procedure in the audit's scope, as its version in force says it.</summary>
public sealed record ChecklistItem(string Procedure, int Version, string Step, string Question);

/// <summary>A dossier of the sample, with what the conformance replay found on it (each finding as text, and its kind).</summary>
public sealed record SampledCase(string Code, string Procedure, string Status, string? Classification, IReadOnlyList<string> Findings, IReadOnlyList<string> Kinds);

public sealed record AuditChecklistView(Guid AuditId, IReadOnlyList<ChecklistItem> Items, IReadOnlyList<SampledCase> Sample);

/// <summary>
/// The checklist of an audit (ISO 9001:2015, 9.2.2 c): one question per step of each procedure in its scope, in the
/// version in force on the audit's first day, and a sample of the unit's dossiers of those procedures received before
/// that day (the most recent first) replayed against the version they ran under (rule 15).
/// </summary>
public static class AuditChecklist
{
    public static async Task<AuditChecklistView> BuildAsync(IQuerySession session, AuditView a, int sample, CancellationToken ct)
    {
        var items = new List<ChecklistItem>();
        var org = await Organisation.OrgLoad.Snapshot(session, ct);
        foreach (var code in a.Procedures)
        {
            var history = await Publishing.LoadHistoryAsync(session, code, ct);
            if (history?.CurrentOn(a.From) is not { } v) continue;
            foreach (var s in v.Definition.Steps)
            {
                var unit = s.Unit == Domain.Procedures.StepUnits.Receiving ? "đơn vị tiếp nhận" : org.Unit(s.Unit)?.Name.Vi ?? s.Unit;
                var role = org.Role(s.Role)?.Name is { Vi.Length: > 0 } roleName ? roleName.Vi : s.Role;
                items.Add(new ChecklistItem(code, v.Version, s.Id, s.End
                    ? $"Bước \"{s.Title?.Vi ?? s.Id}\": kết quả được trả cho người nộp, có ký nhận và ghi sổ theo dõi?"
                    : $"Bước \"{s.Title?.Vi ?? s.Id}\" ({role} tại {unit}, {s.BudgetHours.ToString("0.##", CultureInfo.InvariantCulture)} giờ làm việc): " +
                      "người giữ vai trò thực hiện, phiếu kiểm soát (mẫu 06) có bàn giao và ký nhận, đúng thời hạn của bước?"));
            }
        }
        var before = a.From;
        var picked = await session.Query<CaseDetails>()
            .Where(c => (c.LeadUnit == a.Unit || c.ReceivingUnit == a.Unit) && c.Procedure.IsOneOf(a.Procedures.ToArray()) && c.ReceivedDate < before)
            .OrderByDescending(c => c.ReceivedAt).Take(sample)
            .Select(c => new { c.Id, c.Code, c.Procedure, c.Status, c.Classification }).ToListAsync(ct);
        var findings = (await Audit.CaseAudit.CheckCasesAsync(session, picked.Select(p => p.Id).ToList(), null, ct)).ToLookup(f => f.CaseId);
        return new AuditChecklistView(a.Id, items,
            [.. picked.Select(p => new SampledCase(p.Code, p.Procedure, p.Status, p.Classification, [.. findings[p.Id].Select(f => $"{f.Kind}: {f.Detail}")], [.. findings[p.Id].Select(f => f.Kind)]))]);
    }
}
