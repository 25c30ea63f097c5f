using Alba;
using IsoEdms.Cases.Closing;
using IsoEdms.Cases.Suspending;
using UglyToad.PdfPig;

namespace IsoEdms.Tests.Cases;

/// <summary>The forms of Circular 03/2025/TT-VPCP, filled from the case's events, as HTML and as PDF (read back).</summary>
public class FormsTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);
    private readonly string _dir = Directory.CreateTempSubdirectory("isoedms-forms-").FullName;

    private Task<CliResult> Forms(params string[] args) => Cli.RunAsync(seeded.App.ConnectionString, ["forms", .. args]);

    [Fact]
    public async Task the_receipt_prints_as_a_pdf_with_the_code_the_applicant_and_the_dates()
    {
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        var details = await _api.Details(c.Id);
        var pdf = Path.Combine(_dir, "01.pdf");
        var run = await Forms(c.Code, "--form", "01", "--out", pdf);
        run.Exit.ShouldBe(0, run.Err);
        using var document = PdfDocument.Open(pdf);
        // the PDF's text runs line into line: compared without white space
        var text = Squeezed(string.Concat(document.GetPages().Select(p => p.Text)));
        text.ShouldContain(Squeezed(c.Code));
        text.ShouldContain(Squeezed("Trần Thị Bình"));                                       // the applicant
        text.ShouldContain(Squeezed(IsoEdms.Cases.Forms.CaseForms.Time(details.ReceivedAt))); // received
        text.ShouldContain(Squeezed(IsoEdms.Cases.Forms.CaseForms.Time(details.Due)));        // the appointment
        text.ShouldContain(Squeezed("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        text.ShouldContain(Squeezed("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"));
    }

    private static string Squeezed(string s) => string.Concat(s.Where(ch => !char.IsWhiteSpace(ch)));

    [Fact]
    public async Task a_form_exists_only_when_its_event_does_and_says_what_the_event_says()
    {
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        var html = Path.Combine(_dir, "03.html");
        var none = await Forms(c.Code, "--form", "03", "--out", html);
        none.Exit.ShouldBe(1);
        none.Err.ShouldContain("was not refused: it has no form 03");
        File.Exists(html).ShouldBeFalse();

        var suspended = await _api.Act($"/api/cases/{c.Id}/suspend", new SuspendCase(c.Version, "supplement", ["Bản chính hợp đồng"], "Nộp trong 5 ngày"), "nguyen-van-an");
        (await Forms(c.Code, "--form", "02", "--out", Path.Combine(_dir, "02.html"))).Exit.ShouldBe(0);
        var form02 = await File.ReadAllTextAsync(Path.Combine(_dir, "02.html"));
        form02.ShouldContain("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ");
        form02.ShouldContain("Bản chính hợp đồng");

        var resumed = await _api.Act($"/api/cases/{c.Id}/resume", new ResumeCase(suspended.Version), "nguyen-van-an");
        await _api.Act($"/api/cases/{c.Id}/refuse", new RefuseCase(resumed.Version, "Hợp đồng không thuộc thẩm quyền chứng thực của xã"), "nguyen-van-an");
        (await Forms(c.Code, "--form", "03", "--out", html)).Exit.ShouldBe(0);
        (await File.ReadAllTextAsync(html)).ShouldContain("Hợp đồng không thuộc thẩm quyền chứng thực của xã");

        // the case page's link: the same form over HTTP, and a problem naming the field for a form the case has not
        (await seeded.App.Host.GetAsText($"/api/cases/{c.Id}/forms/03")).ShouldContain("Hợp đồng không thuộc thẩm quyền chứng thực của xã");
        var missing = await seeded.App.Host.Scenario(s => { s.Get.Url($"/api/cases/{c.Id}/forms/04"); s.StatusCodeShouldBe(404); });
        (await missing.ReadAsTextAsync()).ShouldContain("has no apology");

        (await Forms("KHONG-CO-2026-000001", "--form", "01", "--out", html)).Err.ShouldContain("no dossier has the code");
        (await Forms(c.Code, "--form", "01", "--out", Path.Combine(_dir, "x.docx"))).Exit.ShouldBe(2);
    }

    [Fact]
    public async Task the_register_numbers_a_units_receipts_in_their_year_and_lists_the_period()
    {
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_api.Now, IsoEdms.Organisation.OrgLoad.VietnamTime).DateTime);
        var file = Path.Combine(_dir, "07.html");
        var run = await Forms("register", "--unit", "xa-quang-dien", "--from", $"{day:yyyy-MM-dd}", "--to", $"{day:yyyy-MM-dd}", "--out", file);
        run.Exit.ShouldBe(0, run.Err);
        var html = await File.ReadAllTextAsync(file);
        html.ShouldContain("SỔ THEO DÕI HỒ SƠ");
        html.ShouldContain(c.Code);
        html.ShouldContain($"/{day.Year}</td>");   // its number in the year's book
        (await Forms("register", "--unit", "khong-co", "--from", $"{day:yyyy-MM-dd}", "--to", $"{day:yyyy-MM-dd}", "--out", file)).Err.ShouldContain("is not a unit");
    }
}
