using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text;
using System.Text.Json;
using IsoEdms.Cases;
using IsoEdms.Cli;
using IsoEdms.Domain.Audit;
using IsoEdms.Organisation;

namespace IsoEdms.Audit;

public sealed record ExportedEvent(long Version, long Sequence, string Type, DateTimeOffset RecordedAt, string? StoredBy, string Seal, object Data);

public sealed record CaseExportDocument(CaseDetails Case, IReadOnlyList<ExportedEvent> Events, bool ChainIntact, DateTimeOffset ExportedAt);

/// <summary>Exports for outside auditors: one case (JSON, or a printable page with forms 01 and 06), or a unit and period as JSON Lines.</summary>
public static class CaseExport
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);   // Vietnamese stays readable; markup is escaped

    private const string Css = "body{font-family:\"Times New Roman\",serif;max-width:52rem;margin:2rem auto}h1,h2{text-align:center}" +
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;padding:.3rem;font-size:.9rem;vertical-align:top}" +
        ".meta td{border:none}@media print{section{page-break-after:always}}";

    public static async Task<CaseExportDocument?> CaseAsync(IQuerySession session, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var details = await session.LoadAsync<CaseDetails>(id, ct);
        if (details is null) return null;
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        string? previous = null;
        var intact = true;
        foreach (var e in events)
        {
            var seal = EventChain.Seal(previous, e.StreamId, e.Version, e.Data, e.UserName);
            intact &= seal == EventSealing.SealOf(e);
            previous = EventSealing.SealOf(e);
        }
        return new CaseExportDocument(details, events.Select(e => new ExportedEvent(e.Version, e.Sequence, e.EventTypeName, e.Timestamp, e.UserName,
            EventSealing.SealOf(e) ?? "", e.Data)).ToList(), intact, now);
    }

    public static async IAsyncEnumerable<string> UnitLinesAsync(IQuerySession session, string unit, DateOnly from, DateOnly to, DateTimeOffset now,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var ids = await session.Query<CaseDetails>()
            .Where(x => (x.ReceivingUnit == unit || x.LeadUnit == unit) && x.ReceivedDate >= from && x.ReceivedDate <= to)
            .OrderBy(x => x.ReceivedAt).Select(x => x.Id).ToListAsync(ct);
        foreach (var id in ids)
            if (await CaseAsync(session, id, now, ct) is { } doc) yield return JsonSerializer.Serialize(doc, Infrastructure.ApiJson.Options);
    }

    public static string Html(CaseExportDocument doc, string procedureTitle, IReadOnlyDictionary<string, string> unitNames, IReadOnlyDictionary<string, string> people)
    {
        static string H(string? s) => Encoder.Encode(s ?? "");
        string Local(DateTimeOffset? t) => t is { } x ? TimeZoneInfo.ConvertTime(x, OrgLoad.VietnamTime).ToString("HH 'giờ' mm, 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture) : "";
        string Unit(string? code) => code is null ? "" : unitNames.TryGetValue(code, out var n) ? n : code;
        string Person(string? code) => code is null ? "" : people.TryGetValue(code, out var n) ? n : code;
        var c = doc.Case;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Hồ sơ {{H(c.Code)}}</title>
            <style>{{Css}}</style></head><body>
            <section><h2>{{H(Unit(c.ReceivingUnit))}}</h2><h1>GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ</h1><p style="text-align:center">Mẫu số 01 — Mã hồ sơ: <b>{{H(c.Code)}}</b></p>
            <table class="meta">
            <tr><td>Tiếp nhận hồ sơ của:</td><td><b>{{H(c.Applicant.Name)}}</b></td></tr>
            <tr><td>Thủ tục:</td><td>{{H(procedureTitle)}} ({{H(c.Procedure)}}, phiên bản {{c.ProcedureVersion}})</td></tr>
            <tr><td>Thành phần hồ sơ:</td><td>{{string.Join("<br>", c.Components.Select(H))}}</td></tr>
            <tr><td>Thời hạn giải quyết:</td><td>{{H(c.TimeLimit)}}</td></tr>
            <tr><td>Thời gian nhận hồ sơ:</td><td>{{Local(c.ReceivedAt)}}</td></tr>
            <tr><td>Thời gian trả kết quả:</td><td>{{Local(c.Due)}}{{(c.NewAppointment is { } na ? $" (hẹn lại: {Local(na)})" : "")}}</td></tr>
            <tr><td>Người tiếp nhận:</td><td>{{H(Person(c.ReceivedBy))}}{{(c.ReceivedInSystem ? "" : " — tiếp nhận ngoài hệ thống")}}</td></tr>
            </table></section>
            <section><h1>PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ</h1><p style="text-align:center">Mẫu số 06 — Mã hồ sơ: <b>{{H(c.Code)}}</b></p>
            <table><tr><th>Tên cơ quan, tổ chức</th><th>Thời gian giao, nhận hồ sơ</th><th>Người giao</th><th>Người nhận</th><th>Kết quả giải quyết (trước/đúng/quá hạn)</th><th>Ghi chú</th></tr>
            """);
        foreach (var r in c.Slip)
        {
            var cls = r.Classification switch { Classifications.Early => "Trước hạn", Classifications.OnTime => "Đúng hạn", Classifications.Late => "Quá hạn", _ => "" };
            var kind = r.Kind switch { Cases.SlipKinds.Receipt => "Tiếp nhận", Cases.SlipKinds.Return => "Trả lại bước trước", Cases.SlipKinds.Transfer => "Chuyển đơn vị", _ => "" };
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{H(Unit(r.FromUnit))} → {H(Unit(r.ToUnit))}</td><td>{Local(r.HandedAt)}</td><td>{H(Person(r.Giver))}</td><td>{H(Person(r.Receiver))}</td><td>{cls}</td><td>{H(kind)} {H(r.Note)}</td></tr>\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"</table><p>Tình trạng: {H(c.Status)}{(c.Classification is { } cl ? $" — {H(cl)}" : "")}. Chuỗi niêm phong sự kiện: {(doc.ChainIntact ? "toàn vẹn" : "<b>BỊ THAY ĐỔI</b>")} ({doc.Events.Count} sự kiện). Xuất lúc {Local(doc.ExportedAt)}.</p></section></body></html>\n");
        return sb.ToString();
    }

    public static async Task<string> HtmlAsync(IQuerySession session, CaseExportDocument doc, CancellationToken ct)
    {
        // only the units and people the slip names, each read by its id
        var c = doc.Case;
        var title = (await session.LoadAsync<Procedures.ProcedureCatalogEntry>(Domain.Procedures.ProcedureHistory.StreamIdFor(c.Procedure), ct))?.TitleVi ?? c.Procedure;
        var unitCodes = c.Slip.SelectMany(r => new[] { r.FromUnit, r.ToUnit }).Append(c.ReceivingUnit).Append(c.LeadUnit).OfType<string>().Where(u => u.Length > 0).Distinct();
        var personCodes = c.Slip.SelectMany(r => new[] { r.Giver, r.Receiver }).Append(c.ReceivedBy).OfType<string>().Where(p => p.Length > 0).Distinct();
        var units = (await session.LoadManyAsync<Domain.Organisation.UnitRecord>(ct, unitCodes.Select(Domain.Organisation.UnitRecord.StreamIdFor).ToArray()))
            .ToDictionary(u => u.Code, u => u.NameOn(c.ReceivedDate).Vi);
        var people = (await session.LoadManyAsync<Domain.Organisation.PersonRecord>(ct, personCodes.Select(Domain.Organisation.PersonRecord.StreamIdFor).ToArray()))
            .ToDictionary(p => p.Code, p => p.Name);
        return Html(doc, title, units, people);
    }

    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/audit/cases/{idOrCode}/export")]
    public static async Task<Results<Ok<CaseExportDocument>, ContentHttpResult, ProblemHttpResult>> ExportCase(string idOrCode, string? format, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var (id, error, status) = await CaseAudit.ResolveAsync(session, idOrCode, ct);
        if (id is null) return Problems.Of(status, "Unknown case", error!);
        var doc = (await CaseAsync(session, id.Value, clock.GetUtcNow(), ct))!;
        return format == "html" ? TypedResults.Content(await HtmlAsync(session, doc, ct), "text/html; charset=utf-8") : TypedResults.Ok(doc);
    }

    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/audit/export")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "application/x-ndjson")]
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportUnit(string? unit, DateOnly? from, DateOnly? to, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (unit is null || from is null || to is null)
            return Problems.Field(400, "Unit and period required", "unit, from and to (YYYY-MM-DD) are required", "unit");
        var sb = new StringBuilder();
        await foreach (var line in UnitLinesAsync(session, unit, from.Value, to.Value, clock.GetUtcNow(), ct)) sb.Append(line).Append('\n');
        return TypedResults.Text(sb.ToString(), "application/x-ndjson; charset=utf-8");
    }
}
