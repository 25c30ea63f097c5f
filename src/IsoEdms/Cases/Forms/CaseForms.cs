using System.Globalization;
using System.Text;
using IsoEdms.Domain.Organisation;
using IsoEdms.Procedures;

namespace IsoEdms.Cases.Forms;

/// <summary>
/// The printed forms of Circular 03/2025/TT-VPCP, filled from a case's own events (01-06) or from a unit's receipts (07):
/// A4 pages with the national heading, the agency's name, the place and date, and the places to sign. One HTML
/// document each; <see cref="Pdf"/> prints it with the browser.
/// </summary>
public static class CaseForms
{
    public static readonly string[] Numbers = ["01", "02", "03", "04", "05", "06"];

    private static readonly Dictionary<string, string> Titles = new()
    {
        ["01"] = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        ["02"] = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        ["03"] = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        ["04"] = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        ["05"] = "PHIẾU THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        ["06"] = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        ["07"] = "SỔ THEO DÕI HỒ SƠ",
    };

    /// <summary>Form <paramref name="form"/> of the case with <paramref name="code"/>, or why there is none.</summary>
    public static async Task<(string? Html, string? Refusal)> RenderAsync(IQuerySession session, string code, string form, CancellationToken ct)
    {
        if (!Numbers.Contains(form)) return (null, $"there is no form '{form}' of a case: the forms are {string.Join(", ", Numbers)} (07 is the register: forms register)");
        var found = await session.Query<CaseDetails>().Where(d => d.Code == code).ToListAsync(ct);
        if (found.Count != 1) return (null, found.Count == 0 ? $"no dossier has the code '{code}'" : $"{found.Count} dossiers have the code '{code}'");
        var d = found[0];
        var events = (await session.Events.FetchStreamAsync(d.Id, token: ct)).Select(e => e.Data).ToList();
        var r = events.OfType<CaseReceived>().First();
        var names = await NamesAsync(session, d, ct);
        var body = new StringBuilder();
        DateTimeOffset dated;
        string[] signers;
        switch (form)
        {
            case "01":
                dated = r.At;
                Line(body, "Mã hồ sơ", d.Code);
                Line(body, "Tiếp nhận hồ sơ của", r.Applicant.Name + (r.Applicant.IdNumber is { } id ? $" – CCCD/định danh {id}" : ""));
                Line(body, "Nội dung yêu cầu giải quyết", names.Procedure);
                body.Append("<p>Thành phần hồ sơ:</p><ol>");
                foreach (var c in r.Components) body.Append("<li>").Append(E(c)).Append("</li>");
                body.Append("</ol>");
                Line(body, "Thời gian tiếp nhận", Time(r.ReceivedAt));
                Line(body, "Thời gian trả kết quả giải quyết hồ sơ", Time(r.Due));
                Line(body, "Nhận kết quả tại", names.Unit(r.ReceivingUnit));
                signers = ["NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"];
                break;
            case "02":
                if (events.OfType<CaseSuspended>().LastOrDefault(s => s.Reason == SuspensionReason.Supplement) is not { } sup)
                    return (null, $"the dossier {code} was never asked for a supplement: it has no form 02");
                dated = sup.At;
                Intro(body, d, r, names);
                body.Append("<p>Hồ sơ cần bổ sung, hoàn thiện những nội dung sau:</p><ol>");
                foreach (var item in sup.Items) body.Append("<li>").Append(E(item)).Append("</li>");
                body.Append("</ol>");
                if (sup.Note is { } note) Line(body, "Ghi chú", note);
                Line(body, "Lý do", "hồ sơ chưa đầy đủ, chưa hợp lệ theo quy định");
                Line(body, "Người yêu cầu", names.Person(sup.By));
                signers = ["NGƯỜI NỘP HỒ SƠ", "NGƯỜI LẬP PHIẾU"];
                break;
            case "03":
                if (events.OfType<CaseRefused>().LastOrDefault() is not { } refused) return (null, $"the dossier {code} was not refused: it has no form 03");
                dated = refused.At;
                Intro(body, d, r, names);
                Line(body, "Cơ quan, đơn vị không tiếp nhận, giải quyết hồ sơ với lý do", refused.Reason);
                body.Append("<p>Xin thông báo để ông/bà được biết.</p>");
                signers = ["NGƯỜI NỘP HỒ SƠ", "NGƯỜI LẬP PHIẾU"];
                break;
            case "04":
                if (events.OfType<ApologyIssued>().LastOrDefault() is not { } apology) return (null, $"the dossier {code} has no apology: it has no form 04");
                dated = apology.At;
                Intro(body, d, r, names);
                Line(body, "Thời gian hẹn trả kết quả trước đây", Time(r.Due));
                Line(body, "Lý do chậm trả kết quả", apology.Reason);
                body.Append("<p>").Append(E(names.Unit(apology.Unit))).Append(" xin lỗi ông/bà vì sự chậm trễ này và hẹn lại thời gian trả kết quả:</p>");
                Line(body, "Thời gian hẹn trả kết quả mới", Time(apology.NewAppointment));
                Line(body, "Người phê duyệt", names.Person(apology.ApprovedBy));
                signers = ["", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"];
                break;
            case "05":
                if (events.OfType<CaseStopped>().LastOrDefault() is not { } stopped) return (null, $"the dossier {code} was not stopped: it has no form 05");
                dated = stopped.At;
                Intro(body, d, r, names);
                Line(body, "Cơ quan, đơn vị dừng giải quyết hồ sơ với lý do", stopped.Reason);
                Line(body, "Bước đang giải quyết khi dừng", $"{stopped.Step} – {names.Unit(stopped.Unit)}");
                signers = ["NGƯỜI NỘP HỒ SƠ", "NGƯỜI LẬP PHIẾU"];
                break;
            default:   // 06
                dated = d.Slip.LastOrDefault()?.HandedAt ?? r.At;
                Line(body, "Mã hồ sơ", d.Code);
                Line(body, "Cơ quan, đơn vị giải quyết", names.Unit(d.LeadUnit));
                Line(body, "Thời gian hẹn trả kết quả", Time(r.Due));
                body.Append("""<table><thead><tr><th>Tên cơ quan, đơn vị</th><th>Thời gian giao, nhận hồ sơ</th><th>Người giao</th><th>Người nhận</th><th>Kết quả giải quyết</th><th>Ghi chú</th></tr></thead><tbody>""");
                foreach (var row in d.Slip)
                    body.Append("<tr><td>").Append(E(names.Unit(row.FromUnit ?? row.ToUnit))).Append(" → ").Append(E(names.Unit(row.ToUnit)))
                        .Append("</td><td>").Append(E(Time(row.HandedAt)))
                        .Append("</td><td>").Append(E(row.Giver is { } g ? names.Person(g) : ""))
                        .Append("</td><td>").Append(E(row.Receiver is { } rc ? names.Person(rc) : ""))
                        .Append("</td><td>").Append(E(Classification(row.Classification)))
                        .Append("</td><td>").Append(E(row.Note ?? "")).Append("</td></tr>");
                body.Append("</tbody></table>");
                signers = [];
                break;
        }
        return (Page(form, names.Unit(d.ReceivingUnit), dated, body.ToString(), signers, d.Code), null);
    }

    /// <summary>Form 07: the register of the dossiers a unit received in a period, numbered from 1 in each year of receipt.</summary>
    public static async Task<(string? Html, string? Refusal)> RegisterAsync(IQuerySession session, string unit, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (to < from) return (null, "--to is before --from");
        if (await session.LoadAsync<UnitRecord>(UnitRecord.StreamIdFor(unit), ct) is not { } u) return (null, $"'{unit}' is not a unit of the organisation");
        // numbered from the first receipt of each year, so the period's first row carries its number in the book
        var yearStart = new DateOnly(from.Year, 1, 1);
        var cases = (await session.Query<CaseDetails>().Where(d => d.ReceivingUnit == unit && d.ReceivedDate >= yearStart && d.ReceivedDate <= to).ToListAsync(ct))
            .OrderBy(d => d.ReceivedAt).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
        var names = await NamesAsync(session, cases, ct);
        var body = new StringBuilder();
        body.Append("<p>Từ ngày ").Append(from.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append(" đến ngày ").Append(to.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append("</p>");
        body.Append("""<table><thead><tr><th>Số thứ tự</th><th>Mã hồ sơ</th><th>Tên thủ tục hành chính</th><th>Tên tổ chức, cá nhân</th><th>Ngày tiếp nhận</th><th>Ngày hẹn trả</th><th>Ngày trả kết quả</th><th>Tình trạng</th></tr></thead><tbody>""");
        var numbers = new Dictionary<int, int>();
        foreach (var d in cases)
        {
            var n = numbers[d.ReceivedDate.Year] = numbers.GetValueOrDefault(d.ReceivedDate.Year) + 1;
            if (d.ReceivedDate < from) continue;
            body.Append("<tr><td>").Append(n).Append('/').Append(d.ReceivedDate.Year)
                .Append("</td><td>").Append(E(d.Code)).Append("</td><td>").Append(E(names.ProcedureOf(d.Procedure)))
                .Append("</td><td>").Append(E(d.Applicant.Name)).Append("</td><td>").Append(E(Time(d.ReceivedAt)))
                .Append("</td><td>").Append(E(Time(d.Due))).Append("</td><td>").Append(E(d.FinishedAt is { } f ? Time(f) : ""))
                .Append("</td><td>").Append(E(Status(d.Status))).Append("</td></tr>");
        }
        body.Append("</tbody></table>");
        return (Page("07", u.Name.Vi, null, body.ToString(), ["NGƯỜI LẬP SỔ", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"], null), null);
    }

    private sealed record Names(string Procedure, IReadOnlyDictionary<string, string> Units, IReadOnlyDictionary<string, string> People, IReadOnlyDictionary<string, string> Procedures)
    {
        public string Unit(string code) => Units.GetValueOrDefault(code, code);
        public string Person(string code) => People.GetValueOrDefault(code, code);
        public string ProcedureOf(string code) => Procedures.GetValueOrDefault(code, code);
    }

    private static Task<Names> NamesAsync(IQuerySession session, CaseDetails d, CancellationToken ct) => NamesAsync(session, [d], ct);

    /// <summary>The words instead of the codes: unit and procedure names, people's names (three reads).</summary>
    private static async Task<Names> NamesAsync(IQuerySession session, List<CaseDetails> cases, CancellationToken ct)
    {
        var units = (await session.Query<UnitRecord>().ToListAsync(ct)).ToDictionary(u => u.Code, u => u.Name.Vi);
        var codes = cases.Select(c => c.Procedure).Distinct().ToArray();
        var procedures = (await session.Query<ProcedureCatalogEntry>().Where(p => codes.Contains(p.Code)).ToListAsync(ct)).ToDictionary(p => p.Code, p => p.TitleVi);
        var people = cases.Count != 1 ? new Dictionary<string, string>()
            : (await session.LoadManyAsync<PersonRecord>(ct, cases[0].Timeline.Select(t => t.By).Concat(cases[0].Slip.SelectMany(s => new[] { s.Giver, s.Receiver }))
                .OfType<string>().Distinct().Select(PersonRecord.StreamIdFor).ToArray())).ToDictionary(p => p.Code, p => p.Name);
        return new Names(cases.Count == 1 ? procedures.GetValueOrDefault(cases[0].Procedure, cases[0].Procedure) : "", units, people, procedures);
    }

    private static void Intro(StringBuilder body, CaseDetails d, CaseReceived r, Names names)
    {
        Line(body, "Mã hồ sơ", d.Code);
        Line(body, "Kính gửi", r.Applicant.Name);
        Line(body, "Hồ sơ đề nghị giải quyết thủ tục", names.Procedure);
        Line(body, "Ngày tiếp nhận", Time(r.ReceivedAt));
    }

    private static void Line(StringBuilder body, string label, string value) =>
        body.Append("<p>").Append(E(label)).Append(": <strong>").Append(E(value)).Append("</strong></p>");

    /// <summary>HTML-encoded, Vietnamese letters left as they are (the page is UTF-8).</summary>
    public static string E(string s) => Encoder.Encode(s);

    private static readonly System.Text.Encodings.Web.HtmlEncoder Encoder = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>Vietnam time, <c>HH:mm dd/MM/yyyy</c>, as the forms write it.</summary>
    public static string Time(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, Organisation.OrgLoad.VietnamTime).ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Classification(string? c) => c switch
    {
        "early" => "Trước hạn", "on_time" => "Đúng hạn", "late" => "Quá hạn", null or "" => "", _ => c,
    };

    private static string Status(string s) => s switch
    {
        CaseStatuses.InProgress => "Đang giải quyết", CaseStatuses.Suspended => "Tạm dừng", CaseStatuses.Finished => "Đã có kết quả",
        CaseStatuses.Delivered => "Đã trả kết quả", CaseStatuses.Refused => "Từ chối", CaseStatuses.Stopped => "Dừng giải quyết", _ => s,
    };

    /// <summary>One A4 page of a form of the circular.</summary>
    private static string Page(string form, string agency, DateTimeOffset? dated, string body, string[] signers, string? code) =>
        Printed($"Mẫu số {form} – Thông tư số 03/2025/TT-VPCP", Titles[form], $"Mẫu số {form} – {Titles[form]}{(code is null ? "" : " – " + code)}", agency,
            dated is { } t ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, Organisation.OrgLoad.VietnamTime).DateTime) : null, body, signers);

    /// <summary>
    /// One printed A4 page of an administrative document: the agency and the national heading side by side, place and
    /// date, the title, the body (HTML, already encoded), the signatures. Forms and minutes alike.
    /// </summary>
    public static string Printed(string? formLine, string title, string documentTitle, string agency, DateOnly? dated, string body, string[] signers)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>").Append(E(documentTitle)).Append("</title><style>")
          .Append("@page{size:A4;margin:2cm 2cm 2cm 3cm}body{font-family:'Times New Roman','DejaVu Serif',serif;font-size:13pt;line-height:1.4}")
          .Append(".head{display:flex;justify-content:space-between;text-align:center}.head div{width:48%}.title{text-align:center;font-weight:bold;margin:1.2em 0 .2em}")
          .Append(".form-no{text-align:right;font-style:italic;font-size:11pt}.date{text-align:right;font-style:italic}")
          .Append("table{width:100%;border-collapse:collapse;font-size:11pt}th,td{border:1px solid #000;padding:3px;vertical-align:top}")
          .Append(".signs{display:flex;justify-content:space-between;text-align:center;margin-top:2em}.signs div{width:45%;min-height:6em}")
          .Append("</style></head><body>");
        if (formLine is not null) sb.Append("<p class=\"form-no\">").Append(E(formLine)).Append("</p>");
        sb.Append("<div class=\"head\"><div><strong>").Append(E(agency.ToUpperInvariant())).Append("</strong><br>———</div>")
          .Append("<div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong>Độc lập - Tự do - Hạnh phúc</strong><br>———————</div></div>");
        if (dated is { } l) sb.Append("<p class=\"date\">Ngày ").Append(l.Day.ToString("00", CultureInfo.InvariantCulture)).Append(" tháng ")
            .Append(l.Month.ToString("00", CultureInfo.InvariantCulture)).Append(" năm ").Append(l.Year).Append("</p>");
        sb.Append("<h1 class=\"title\">").Append(E(title)).Append("</h1>").Append(body);
        if (signers.Length > 0)
        {
            sb.Append("<div class=\"signs\">");
            foreach (var s in signers) sb.Append("<div><strong>").Append(E(s)).Append("</strong>").Append(s.Length > 0 ? "<br><em>(Ký, ghi rõ họ tên)</em>" : "").Append("</div>");
            sb.Append("</div>");
        }
        return sb.Append("</body></html>").ToString();
    }
}
