using System.Globalization;
using System.Text;
using IsoEdms.Cases.Forms;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using IsoEdms.Quality;

namespace IsoEdms.Audits;

/// <summary>
/// The two documents of the ISO year for the Department of Science and Technology (QĐ 19/2014/QĐ-TTg): the decision
/// announcing that the quality management system conforms to TCVN ISO 9001:2015 (its scope: the procedures in force at
/// the year's end), and the yearly report on applying, maintaining and improving it, filled from the data of the year.
/// </summary>
public static class YearlyPack
{
    public sealed record Figures(
        int Year, string Agency, string Head, IReadOnlyList<ProcedureCatalogEntry> InScope, int VersionsApproved, ReviewTimeliness Timeliness,
        IReadOnlyList<Objectives.ObjectiveReport> Objectives, IReadOnlyList<AuditView> Audits, IReadOnlyList<ManagementReviewView> Reviews,
        int NonconformitiesRaised, int NonconformitiesClosed, int CorrectiveActions, int CorrectiveActionsClosed, IReadOnlyList<Risks.RiskView> Risks);

    public static async Task<Figures> GatherAsync(IQuerySession session, int year, DateOnly today, CancellationToken ct)
    {
        var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var asOf = to < today ? to : today;
        var org = await OrgLoad.Snapshot(session, ct);
        var top = org.Units.FirstOrDefault(u => u.Parent is null && u.Ended is null);
        var head = top is null ? null : org.People.FirstOrDefault(p => org.HoldsGrant(p, top.Code, Domain.Organisation.Grants.UnitHead, asOf));
        var catalogue = await session.Query<ProcedureCatalogEntry>().ToListAsync(ct);
        var inScope = catalogue.Where(c => c.Versions.Any(v => !v.Retired && v.EffectiveFrom <= asOf)).OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        var approved = catalogue.SelectMany(c => c.Versions).Count(v => v.Approval is { } a && a.DecisionDate.Year == year);
        var pack = await ReviewPack.AssembleAsync(session, from, to, today, ct);
        var audits = await session.Query<AuditView>().Where(a => a.From <= to && a.To >= from).ToListAsync(ct);
        var reviews = await session.Query<ManagementReviewView>().Where(r => r.HeldOn >= from && r.HeldOn <= to).ToListAsync(ct);
        var ncs = (IReadOnlyList<NonconformityRow>)pack["nonconformities"];
        var cas = await session.Query<CorrectiveActionView>().ToListAsync(ct);
        bool InYear(DateTimeOffset t) => OrgLoad.LocalDate(t).Year == year;
        return new Figures(year, top?.Name.Vi ?? "Cơ quan", head?.Name ?? "", inScope, approved, (ReviewTimeliness)pack["timeliness"],
            (IReadOnlyList<Objectives.ObjectiveReport>)pack["objectives"], [.. audits.OrderBy(a => a.From)], [.. reviews.OrderBy(r => r.HeldOn)],
            ncs.Sum(n => n.Raised), ncs.Sum(n => n.Closed), cas.Count(c => InYear(c.OpenedAt)), cas.Count(c => c.ClosedAt is { } x && InYear(x)),
            await Risks.RiskReading.RegisterAsync(session, ct));
    }

    /// <summary>Quyết định công bố hệ thống quản lý chất lượng phù hợp TCVN ISO 9001:2015: its scope is the procedures in force.</summary>
    public static string Announcement(Figures f)
    {
        var e = CaseForms.E;
        var body = new StringBuilder()
            .Append("<p style=\"text-align:center\"><strong>Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015</strong></p>")
            .Append("<p><em>Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ về việc áp dụng Hệ thống quản lý chất lượng theo ")
            .Append("Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước;</em></p>")
            .Append("<p style=\"text-align:center\"><strong>QUYẾT ĐỊNH:</strong></p>")
            .Append("<p><strong>Điều 1.</strong> Công bố Hệ thống quản lý chất lượng của ").Append(e(f.Agency))
            .Append(" phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015 đối với việc giải quyết các thủ tục hành chính sau:</p><table><tr><th>TT</th><th>Mã quy trình</th><th>Tên quy trình</th><th>Phiên bản</th><th>Hiệu lực từ</th></tr>");
        var n = 0;
        foreach (var p in f.InScope)
        {
            var v = p.Versions.Where(x => !x.Retired && x.EffectiveFrom.Year <= f.Year).MaxBy(x => x.Version)!;
            body.Append("<tr><td>").Append(++n).Append("</td><td>").Append(e(p.Code)).Append("</td><td>").Append(e(v.TitleVi)).Append("</td><td>")
                .Append(v.Version).Append("</td><td>").Append(v.EffectiveFrom.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append("</td></tr>");
        }
        body.Append("</table><p><strong>Điều 2.</strong> Các đơn vị và cán bộ, công chức liên quan có trách nhiệm áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng.</p>")
            .Append("<p><strong>Điều 3.</strong> Quyết định này có hiệu lực kể từ ngày ký.</p>");
        return CaseForms.Printed(null, "QUYẾT ĐỊNH", $"Quyết định công bố HTQLCL phù hợp TCVN ISO 9001:2015 năm {f.Year}", f.Agency,
            new DateOnly(f.Year, 12, 31), body.ToString(), ["", string.IsNullOrEmpty(f.Head) ? "THỦ TRƯỞNG CƠ QUAN" : $"THỦ TRƯỞNG CƠ QUAN – {f.Head.ToUpperInvariant()}"]);
    }

    /// <summary>Báo cáo tình hình áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng năm …, from the data of the year.</summary>
    public static string Report(Figures f)
    {
        var e = CaseForms.E;
        var t = f.Timeliness;
        string Pct(int part, int whole) => whole == 0 ? "–" : (100m * part / whole).ToString("0.#", CultureInfo.InvariantCulture) + " %";
        var body = new StringBuilder()
            .Append("<h2>1. Phạm vi áp dụng</h2><p>Hệ thống quản lý chất lượng áp dụng cho ").Append(f.InScope.Count)
            .Append(" quy trình giải quyết thủ tục hành chính đang có hiệu lực; trong năm có ").Append(f.VersionsApproved).Append(" phiên bản quy trình được phê duyệt.</p>")
            .Append("<h2>2. Kết quả giải quyết hồ sơ</h2><table><tr><th>Tiếp nhận</th><th>Đã giải quyết</th><th>Trước hạn</th><th>Đúng hạn</th><th>Quá hạn</th><th>Tỷ lệ đúng hạn</th><th>Từ chối</th><th>Dừng</th><th>Đang giải quyết (quá hạn)</th></tr><tr>")
            .Append(CultureInfo.InvariantCulture, $"<td>{t.Received}</td><td>{t.Finished}</td><td>{t.Early}</td><td>{t.OnTime}</td><td>{t.Late}</td><td>{Pct(t.Early + t.OnTime, t.Finished)}</td><td>{t.Refused}</td><td>{t.Stopped}</td><td>{t.InProgress} ({t.OverdueInProgress})</td>")
            .Append("</tr></table><h2>3. Mục tiêu chất lượng</h2>");
        if (f.Objectives.Count == 0) body.Append("<p>Chưa có mục tiêu chất lượng được thiết lập cho năm.</p>");
        else
        {
            body.Append("<table><tr><th>Mục tiêu</th><th>Kết quả</th><th>Đánh giá</th></tr>");
            foreach (var o in f.Objectives)
                body.Append("<tr><td>").Append(e(o.Title.Vi)).Append("</td><td>").Append(o.Value?.ToString(CultureInfo.InvariantCulture) ?? "–").Append("</td><td>")
                    .Append(o.Status switch { "met" => "Đạt", "missed" => "Không đạt", "at_risk" => "Có nguy cơ không đạt", _ => "Chưa có số liệu" }).Append("</td></tr>");
            body.Append("</table>");
        }
        body.Append("<h2>4. Đánh giá nội bộ</h2><p>").Append(f.Audits.Count).Append(" cuộc đánh giá nội bộ; ")
            .Append(f.Audits.Sum(a => a.Findings.Count)).Append(" phát hiện, trong đó ").Append(f.Audits.Sum(a => a.Findings.Count(x => x.NonconformityId is not null)))
            .Append(" sự không phù hợp; ").Append(f.Audits.Count(a => a.AcceptedBy is not null)).Append(" báo cáo đã được đơn vị được đánh giá chấp nhận.</p>")
            .Append("<h2>5. Xem xét của lãnh đạo</h2><p>").Append(f.Reviews.Count).Append(" cuộc họp xem xét")
            .Append(f.Reviews.Count == 0 ? "" : " (ngày " + string.Join(", ", f.Reviews.Select(r => r.HeldOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture))) + ")")
            .Append("; ").Append(f.Reviews.Sum(r => r.Actions.Count)).Append(" hành động cải tiến, ").Append(f.Reviews.Sum(r => r.Actions.Count(a => a.DoneOn is not null))).Append(" đã thực hiện.</p>")
            .Append("<h2>6. Sự không phù hợp và hành động khắc phục</h2><p>").Append(f.NonconformitiesRaised).Append(" sự không phù hợp được ghi nhận, ")
            .Append(f.NonconformitiesClosed).Append(" đã đóng; ").Append(f.CorrectiveActions).Append(" hành động khắc phục được mở, ").Append(f.CorrectiveActionsClosed).Append(" đã hoàn thành.</p>")
            .Append("<h2>7. Rủi ro và cơ hội</h2><p>").Append(f.Risks.Count).Append(" rủi ro, cơ hội trong sổ theo dõi: ")
            .Append(f.Risks.Count(r => r.Level == "high")).Append(" mức cao, ").Append(f.Risks.Count(r => r.Level == "medium")).Append(" mức trung bình, ")
            .Append(f.Risks.Count(r => r.Level == "low")).Append(" mức thấp.</p>")
            .Append("<h2>8. Khó khăn, vướng mắc và kiến nghị</h2><p>………………………………………………………………………………</p>");
        return CaseForms.Printed(null, $"BÁO CÁO TÌNH HÌNH ÁP DỤNG, DUY TRÌ VÀ CẢI TIẾN HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG NĂM {f.Year}",
            $"Báo cáo HTQLCL năm {f.Year}", f.Agency, new DateOnly(f.Year, 12, 31), body.ToString(), ["", "THỦ TRƯỞNG CƠ QUAN"]);
    }
}

public static class YearlyPackEndpoints
{
    /// <summary>GET /api/reviews/yearly/{year}/{document}: <c>announcement</c> or <c>report</c> of the year, HTML in Vietnamese.</summary>
    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/reviews/yearly/{year}/{document}")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<string>(StatusCodes.Status200OK, "text/html")]
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Get(int year, string document, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (year is < 2000 or > 2100) return Problems.Field(400, "Bad year", $"'year' is a year such as 2026, not {year}", "year");
        if (document is not ("announcement" or "report")) return Problems.Field(404, "No such document", "the yearly documents are 'announcement' and 'report'", "document");
        var f = await YearlyPack.GatherAsync(session, year, OrgLoad.Today(clock), ct);
        return TypedResults.Content(document == "announcement" ? YearlyPack.Announcement(f) : YearlyPack.Report(f), "text/html; charset=utf-8");
    }
}
