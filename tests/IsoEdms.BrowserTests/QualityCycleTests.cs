using System.Text.RegularExpressions;
using IsoEdms.Cli;
using static Microsoft.Playwright.Assertions;

namespace IsoEdms.BrowserTests;

/// <summary>The ISO cycle in a real browser: the quality officer's approved procedures, the auditor's findings, the head's acceptance.</summary>
[Collection(nameof(BrowserApp))]
public class QualityCycleTests(BrowserApp app)
{
    private async Task<string> CliAsync(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var exit = await new CommandLine(CliServices.Create(app.ConnectionString)).RunAsync(args, o, e);
        exit.ShouldBe(0, e.ToString());
        return o.ToString().Trim();
    }

    [Fact]
    public async Task an_auditor_records_a_finding_that_becomes_a_nonconformity_and_the_audited_units_head_accepts_the_report()
    {
        var today = IsoEdms.Organisation.OrgLoad.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // the quality officer plans it from the programme's page; an auditor of the audited unit is refused there first
        var qo = await app.SignedInAsync("ho-thi-xuan");
        await qo.GotoAsync("/danh-gia-noi-bo/chuong-trinh");
        await qo.FillAsync("#unit", "xa-quang-dien");
        await qo.FillAsync("#procedures", "chung-thuc.hop-dong-dat, ho-tich.khai-sinh");
        await qo.FillAsync("#lead", "tran-van-binh");
        await qo.FillAsync("#from", today);
        await qo.FillAsync("#to", today);
        await qo.ClickAsync("button >> text=Lập kế hoạch");
        await Expect(qo.Locator("[data-testid=error]")).ToContainTextAsync("tran-van-binh");
        await qo.FillAsync("#lead", "duong-van-phuc");
        await qo.ClickAsync("button >> text=Lập kế hoạch");
        await Expect(qo).ToHaveURLAsync(new Regex("/danh-gia-noi-bo/cuoc-danh-gia/[0-9a-f-]{36}$"));
        var id = qo.Url[^36..];

        var auditor = await app.SignedInAsync("duong-van-phuc");
        await auditor.GotoAsync("/danh-gia-noi-bo/chuong-trinh");
        await auditor.ClickAsync($"tr[data-audit='{id}'] a");
        await Expect(auditor.Locator("h1")).ToContainTextAsync("UBND xã Quảng Điền");
        await auditor.SelectOptionAsync("#kind", "minor");
        await auditor.SelectOptionAsync("#procedure", "chung-thuc.hop-dong-dat");
        await auditor.FillAsync("#text", "Phiếu kiểm soát thiếu chữ ký bàn giao ở 2/10 hồ sơ mẫu");
        await auditor.ClickAsync("form[action] button[type=submit] >> text=Ghi nhận");
        await Expect(auditor.Locator("[data-finding='1']")).ToContainTextAsync("Không phù hợp nhẹ");
        await Expect(auditor.Locator("[data-finding='1'] a")).ToHaveAttributeAsync("href", new Regex("^/chat-luong/khong-phu-hop/"));
        await Expect(auditor.Locator("#comment")).ToHaveCountAsync(0);   // the auditor does not accept the report
        await BrowserApp.ShotAsync(auditor, "20-audit-finding");

        var head = await app.SignedInAsync("tran-van-binh");
        await head.GotoAsync($"/danh-gia-noi-bo/cuoc-danh-gia/{id}");
        await Expect(head.Locator("#text")).ToHaveCountAsync(0);   // nor does the head record findings
        await head.FillAsync("#comment", "Đồng ý, khắc phục trong tháng");
        await head.ClickAsync("button >> text=Chấp nhận");
        await Expect(head.Locator("[data-testid=acceptance]")).ToContainTextAsync("Đã được Trần Văn Bình chấp nhận");
        await Expect(head.Locator("#comment")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task the_quality_officer_sees_each_procedure_version_with_its_approving_decision_records_a_risk_sets_an_objective_and_records_a_review()
    {
        var qo = await app.SignedInAsync("ho-thi-xuan");
        await qo.GotoAsync("/quy-trinh/ho-tich.khai-sinh");
        await Expect(qo.Locator("tr[data-version='1'] [data-approval]")).ToContainTextAsync("Quyết định số 25/QĐ-TTPVHCC ngày 25/06/2025");
        await Expect(qo.Locator("tr[data-version='1'] [data-approval]")).ToContainTextAsync("phê duyệt: Lê Quang Vinh");
        // a risk recorded from the register's page, rated and owned
        await qo.GotoAsync("/chat-luong/rui-ro");
        await qo.FillAsync("#code", "dat-dai.cho-xac-minh");
        await qo.FillAsync("#title", "Hồ sơ đất đai trễ hạn do chờ xác minh liên ngành");
        await qo.FillAsync("#procedure", "dat-dai.dang-ky-lan-dau");
        await qo.FillAsync("#unit", "xa-quang-dien");
        await qo.FillAsync("#likelihood", "4");
        await qo.FillAsync("#impact", "4");
        await qo.FillAsync("#owner", "tran-van-binh");
        await qo.ClickAsync("button >> text=Ghi vào sổ");
        await Expect(qo.Locator("tr[data-risk='dat-dai.cho-xac-minh']")).ToContainTextAsync("16 (cao)");
        await qo.FillAsync("#code", "dat-dai.cho-xac-minh");
        await qo.FillAsync("#title", "Lần hai");
        await qo.FillAsync("#unit", "xa-quang-dien");
        await qo.FillAsync("#likelihood", "2");
        await qo.FillAsync("#impact", "2");
        await qo.FillAsync("#owner", "tran-van-binh");
        await qo.ClickAsync("button >> text=Ghi vào sổ");
        await Expect(qo.Locator("[data-testid=error]")).ToContainTextAsync("đã có trong sổ");
        // an action planned and done, then its effectiveness reviewed: the risk rated again
        await qo.SelectOptionAsync("#step-risk", "dat-dai.cho-xac-minh");
        await qo.SelectOptionAsync("#step-kind", "plan");
        await qo.FillAsync("#step-text", "Quy chế phối hợp với văn phòng đăng ký đất đai");
        await qo.FillAsync("#step-owner", "tran-van-binh");
        await qo.FillAsync("#step-due", IsoEdms.Organisation.OrgLoad.Today(TimeProvider.System).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await qo.ClickAsync("button >> text=Ghi nhận thao tác");
        await Expect(qo.Locator("tr[data-risk='dat-dai.cho-xac-minh']")).ToContainTextAsync("0/1");
        await qo.SelectOptionAsync("#step-risk", "dat-dai.cho-xac-minh");
        await qo.SelectOptionAsync("#step-kind", "done");
        await qo.FillAsync("#step-text", "Quy chế số 3/QC-UBND");
        await qo.ClickAsync("button >> text=Ghi nhận thao tác");
        await Expect(qo.Locator("tr[data-risk='dat-dai.cho-xac-minh']")).ToContainTextAsync("1/1");
        await qo.SelectOptionAsync("#step-risk", "dat-dai.cho-xac-minh");
        await qo.SelectOptionAsync("#step-kind", "review");
        await qo.FillAsync("#step-text", "Tỷ lệ trễ giảm");
        await qo.FillAsync("#step-likelihood", "2");
        await qo.FillAsync("#step-impact", "4");
        await qo.CheckAsync("#step-effective");
        await qo.ClickAsync("button >> text=Ghi nhận thao tác");
        await Expect(qo.Locator("tr[data-risk='dat-dai.cho-xac-minh']")).ToContainTextAsync("8 (trung bình)");
        await Expect(qo.Locator("tr[data-risk='dat-dai.cho-xac-minh']")).ToContainTextAsync("có hiệu lực");
        // an objective set from its page, measured there
        var today = IsoEdms.Organisation.OrgLoad.Today(TimeProvider.System);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await qo.GotoAsync("/chat-luong/muc-tieu");
        await qo.FillAsync("#code", "dung-han-trung-tam");
        await qo.FillAsync("#title", "Tỷ lệ hồ sơ đúng hạn ≥ 98 %");
        await qo.SelectOptionAsync("#measure", "on_time_rate");
        await qo.FillAsync("#target", "98");
        await qo.FillAsync("#from", Day(new DateOnly(today.Year, 1, 1)));
        await qo.FillAsync("#to", Day(new DateOnly(today.Year, 12, 31)));
        await qo.ClickAsync("button >> text=Lưu mục tiêu");
        await Expect(qo.Locator("[data-objective='dung-han-trung-tam'] h2")).ToHaveTextAsync("Tỷ lệ hồ sơ đúng hạn ≥ 98 %");
        await Expect(qo.Locator("[data-objective='dung-han-trung-tam'] [data-testid=objective-status]")).ToBeVisibleAsync();

        // a management review recorded from its page: its inputs frozen, its actions listed
        await qo.GotoAsync("/chat-luong/xem-xet");
        await qo.FillAsync("#from", Day(new DateOnly(today.Year, 1, 1)));
        await qo.FillAsync("#to", Day(today));
        await qo.FillAsync("#held-on", Day(today));
        await qo.FillAsync("#chair", "le-quang-vinh");
        await qo.FillAsync("#attendees", "ho-thi-xuan, tran-van-binh");
        await qo.FillAsync("#decisions", "Duy trì hệ thống quản lý chất lượng\nTăng cường bộ phận một cửa");
        await qo.FillAsync("#actions", $"Rà soát quy trình chứng thực;ho-thi-xuan;{Day(today.AddDays(30))}");
        await qo.ClickAsync("button >> text=Ghi nhận và chốt số liệu");
        await Expect(qo.Locator("section[data-review] li").First).ToHaveTextAsync("Duy trì hệ thống quản lý chất lượng");
        await Expect(qo.Locator("section[data-review] tr[data-action='1']")).ToContainTextAsync("Rà soát quy trình chứng thực");
        await qo.FillAsync("section[data-review] tr[data-action='1'] input[type=text]", "Quyết định số 15/QĐ-UBND ban hành quy trình sửa đổi");
        await qo.ClickAsync("section[data-review] tr[data-action='1'] button");
        await Expect(qo.Locator("section[data-review] tr[data-action='1']")).ToContainTextAsync("Quyết định số 15/QĐ-UBND");
        await BrowserApp.ShotAsync(qo, "21-management-review");
    }
}
