using System.Globalization;
using System.Text.RegularExpressions;
using Marten;
using static Microsoft.Playwright.Assertions;

namespace IsoEdms.BrowserTests;

/// <summary>One full flow per role in a real browser, through the pages only.</summary>
[Collection(nameof(BrowserApp))]
public class RoleFlowTests(BrowserApp app)
{
    /// <summary>Completes the current step from the case page, choosing <paramref name="outcome"/> when the step has outcomes.</summary>
    private static async Task CompleteStepAsync(IPage page, string? outcome = null)
    {
        var form = page.Locator("details[data-action=complete] form");
        if (outcome is not null) await form.Locator("#outcome").SelectOptionAsync(outcome);
        await form.Locator("input[name='Form.Confirm']").CheckAsync();
        await form.Locator("button[type=submit]").ClickAsync();
        await BrowserApp.NoErrorAsync(page, ".msg.ok");
        await Expect(page.Locator(".msg.ok")).ToBeVisibleAsync();
    }

    /// <summary>The person finds the dossier in their own queue and opens it from there.</summary>
    private async Task<IPage> OpenFromMyQueueAsync(string person, string code)
    {
        var page = await app.SignedInAsync(person);
        var row = page.Locator($"section[aria-labelledby=mine] tr[data-code='{code}']");
        await Expect(row).ToBeVisibleAsync();
        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("[data-testid=code]")).ToHaveTextAsync(code);
        return page;
    }

    [Fact]
    public async Task staff_and_the_unit_head_take_a_dossier_from_receipt_through_every_step_to_delivery()
    {
        // the one-stop desk receives it and prints form 01
        var desk = await app.SignedInAsync("nguyen-van-an");
        await BrowserApp.ShotAsync(desk, "01-my-work");
        await desk.GotoAsync("/tiep-nhan");
        await desk.SelectOptionAsync("#procedure", "chung-thuc.hop-dong-dat");
        await desk.SelectOptionAsync("#unit", "xa-quang-dien");
        await desk.FillAsync("#name", "Nguyễn Thị Hương");
        await desk.FillAsync("#idno", "046190001234");
        await desk.FillAsync("#components", "Hợp đồng chuyển nhượng quyền sử dụng đất\nGiấy chứng nhận quyền sử dụng đất");
        await BrowserApp.ShotAsync(desk, "02-receive");
        await desk.ClickAsync("form.card button[type=submit]");
        await BrowserApp.NoErrorAsync(desk, "#form-01");
        await BrowserApp.ArrivedAsync(desk, "#form-01", new Regex("/phieu-01$"));
        var code = (await desk.Locator("[data-testid=code]").TextContentAsync())!;
        code.ShouldStartWith("XQD-");
        (await desk.Locator("[data-testid=due]").TextContentAsync() ?? "").ShouldMatch(@"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$");
        await Expect(desk.Locator("#form-01")).ToContainTextAsync("Nguyễn Thị Hương");
        await Expect(desk.Locator("#form-01")).ToContainTextAsync("Thông tư 03/2025/TT-VPCP");   // the forms in force since 2025
        (await desk.Locator("[data-testid=rating-secret]").TextContentAsync() ?? "").ShouldMatch("^[0-9A-Z]{4}-[0-9A-Z]{4}$");   // what a rating must carry
        await Expect(desk.Locator("[data-testid=rating-qr] svg")).ToBeVisibleAsync();
        await BrowserApp.ShotAsync(desk, "03-form-01");
        await desk.ClickAsync("text=Mở hồ sơ");
        await CompleteStepAsync(desk);                                   // receive
        await Expect(desk.Locator("[data-testid=step]")).ToContainTextAsync("Thẩm định");

        var justice = await OpenFromMyQueueAsync("le-thi-hoa", code);
        await BrowserApp.ShotAsync(justice, "04-case");
        await CompleteStepAsync(justice, "approve");                     // review
        var chair = await OpenFromMyQueueAsync("tran-van-binh", code);   // commune chair and unit head
        await CompleteStepAsync(chair);                                  // sign
        var clerk = await OpenFromMyQueueAsync("pham-thi-lan", code);
        await CompleteStepAsync(clerk);                                  // record
        var back = await OpenFromMyQueueAsync("nguyen-van-an", code);
        await CompleteStepAsync(back);                                   // hand back
        await Expect(back.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "delivered");
        // form 06: the receipt, a row per handover between the five steps, and the result handed to the applicant
        await Expect(back.Locator("section[aria-labelledby=slip] tbody tr")).ToHaveCountAsync(6);
        await BrowserApp.ShotAsync(back, "05-case-delivered");

        // the head sees the unit's nonconformity register and the unit's figures, not another commune's
        await chair.GotoAsync("/chat-luong");
        await Expect(chair.Locator("h1")).ToContainTextAsync("Sổ theo dõi sự không phù hợp");
        var other = await chair.GotoAsync("/bang-dieu-khien?unit=xa-dan-dien");
        other!.Status.ShouldBe(403);
    }

    [Fact]
    public async Task a_stale_page_gets_a_clear_conflict_message_and_the_head_assigns_the_step()
    {
        var desk = await app.SignedInAsync("ngo-thi-thu");
        await desk.GotoAsync("/tiep-nhan");
        await desk.SelectOptionAsync("#procedure", "chung-thuc.hop-dong-dat");
        await desk.FillAsync("#name", "Trần Văn Tám");
        await desk.ClickAsync("form.card button[type=submit]");
        await BrowserApp.ArrivedAsync(desk, "#form-01", new Regex("/phieu-01$"));
        await desk.ClickAsync("text=Mở hồ sơ");
        var stale = await desk.Context.NewPageAsync();
        await stale.GotoAsync(desk.Url);
        await CompleteStepAsync(desk);
        var form = stale.Locator("details[data-action=complete] form");
        await form.Locator("input[name='Form.Confirm']").CheckAsync();
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(stale.Locator("[data-testid=error]")).ToContainTextAsync("vừa được người khác thay đổi");

        // the unit head gives the review to one justice officer; it is then in that officer's own queue
        var code = (await desk.Locator("[data-testid=code]").TextContentAsync())!;
        var head = await app.SignedInAsync("bui-thi-ngoc");
        await head.GotoAsync(desk.Url);
        var assign = head.Locator("details[data-action=assign]");
        await assign.Locator("summary").ClickAsync();
        await assign.Locator("#assignee").SelectOptionAsync("dang-van-hung");
        await assign.Locator("input[name='Form.Confirm']").CheckAsync();
        await assign.Locator("button[type=submit]").ClickAsync();
        await BrowserApp.NoErrorAsync(head, ".msg.ok");
        await Expect(head.Locator("p:has([data-testid=step])")).ToContainTextAsync("Đặng Văn Hùng");   // the assignee's name, not the login
        var officer = await app.SignedInAsync("dang-van-hung");
        await Expect(officer.Locator($"section[aria-labelledby=mine] tr[data-code='{code}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task the_quality_officer_validates_sees_line_numbered_errors_and_publishes_a_new_version()
    {
        var qo = await app.SignedInAsync("ho-thi-xuan");
        await qo.GotoAsync("/quy-trinh/ban-hanh");
        var v1 = await File.ReadAllTextAsync(Path.Combine(BrowserApp.Root, "processes", "procedures", "chung-thuc.ban-sao", "v1.yaml"));
        await qo.FillAsync("#path", "procedures/chung-thuc.ban-sao/v2.yaml");
        await qo.FillAsync("#content", v1.Replace("version: 1", "version: 2").Replace("role: reception-officer", "role: no-such-role"));
        await qo.ClickAsync("button[value=validate]");
        await Expect(qo.Locator("[data-testid=errors]")).ToContainTextAsync("procedures/chung-thuc.ban-sao/v2.yaml:");
        await Expect(qo.Locator("[data-testid=errors]")).ToContainTextAsync("Không có vai trò 'no-such-role'");   // in Vietnamese
        await BrowserApp.ShotAsync(qo, "06-publish-errors");

        var v2 = v1.Replace("version: 1", "version: 2").Replace("effective_from: 2025-07-01", "effective_from: 2026-01-01");
        await qo.FillAsync("#content", v2);
        await qo.ClickAsync("button[value=validate]");
        await Expect(qo.Locator("[data-testid=result]")).ToContainTextAsync("Hợp lệ: 1 tệp quy trình.");
        await qo.ClickAsync("button[value=publish]");
        await Expect(qo.Locator("[data-testid=result]")).ToHaveClassAsync(new Regex("ok"));
        await Expect(qo.Locator("[data-testid=result]")).ToContainTextAsync("Đã ban hành chung-thuc.ban-sao v2.");

        await qo.GotoAsync("/quy-trinh/chung-thuc.ban-sao");
        await Expect(qo.Locator("tr[data-version]")).ToHaveCountAsync(2);
        await qo.SelectOptionAsync("#from", "1");
        await qo.SelectOptionAsync("#to", "2");
        await qo.ClickAsync("section.diff button[type=submit]");
        await Expect(qo.Locator("section.diff li").First).ToBeVisibleAsync();
        await BrowserApp.ShotAsync(qo, "07-procedure-diff");
    }

    [Fact]
    public async Task the_auditor_sees_a_dossier_as_it_stood_at_an_earlier_moment()
    {
        await using var store = DocumentStore.For(o => IsoEdms.Infrastructure.MartenSetup.Configure(o, app.ConnectionString, withAsyncProjections: false));
        await using var session = store.QuerySession();
        var delivered = (await session.Query<IsoEdms.Cases.CaseDetails>().Where(c => c.Status == "delivered").ToListAsync()).OrderBy(c => c.Code).First();
        var earlier = TimeZoneInfo.ConvertTime(delivered.ReceivedAt.AddMinutes(1), IsoEdms.Organisation.OrgLoad.VietnamTime);

        var auditor = await app.SignedInAsync("duong-van-phuc");
        await auditor.GotoAsync("/danh-gia-noi-bo");
        await auditor.FillAsync("#code", delivered.Code);
        await auditor.FillAsync("#as-of", earlier.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await auditor.ClickAsync("section.card form button[type=submit]");
        await Expect(auditor.Locator("[data-testid=as-of-status]")).ToHaveTextAsync("Đang giải quyết");
        var version = long.Parse((await auditor.Locator("[data-testid=as-of-version]").TextContentAsync())!, CultureInfo.InvariantCulture);
        version.ShouldBeLessThan(delivered.Version);
        await Expect(auditor.Locator("table tbody tr")).ToHaveCountAsync((int)delivered.Version);
        await BrowserApp.ShotAsync(auditor, "08-audit-as-of");

        await auditor.GotoAsync("/danh-gia-noi-bo?verify=1");
        await Expect(auditor.Locator("[data-testid=integrity]")).ToContainTextAsync("Toàn vẹn");
        // read-only: the auditor sees the dossier but no action
        await auditor.GotoAsync($"/ho-so/{delivered.Id}");
        await Expect(auditor.Locator("[data-testid=code]")).ToHaveTextAsync(delivered.Code);
        await Expect(auditor.Locator("section.actions")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task the_administrator_reads_every_unit_on_the_dashboard_and_exports_it()
    {
        var admin = await app.SignedInAsync("admin");
        await admin.GotoAsync("/bang-dieu-khien?from=2025-01-01&to=2026-12-31");
        await Expect(admin.Locator("section[data-report=unit] tbody tr").First).ToBeVisibleAsync();
        await BrowserApp.ShotAsync(admin, "09-dashboard");
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.Locator("section[data-report=unit] a", new() { HasText = "Excel" }).ClickAsync());
        (await download.PathAsync()).ShouldNotBeNull();
        var csv = await admin.APIRequest.GetAsync("/api/reports/timeliness?by=unit&from=2025-01-01&to=2026-12-31&format=csv");
        csv.Status.ShouldBe(200);
        (await csv.TextAsync()).ShouldContain("xa-");
    }

    [Fact]
    public async Task a_citizen_rates_a_dossier_by_its_code_without_signing_in()
    {
        await using var store = DocumentStore.For(o => IsoEdms.Infrastructure.MartenSetup.Configure(o, app.ConnectionString, withAsyncProjections: false));
        await using var session = store.QuerySession();
        var done = (await session.Query<IsoEdms.Cases.CaseDetails>().Where(c => c.Status == "delivered" && c.Rating == null).ToListAsync()).OrderByDescending(c => c.Code).First();
        var secret = await new IsoEdms.Satisfaction.RatingSecrets().ForCaseAsync(session, done.Id, CancellationToken.None);
        var citizen = await app.AnonymousAsync();
        await citizen.GotoAsync($"/danh-gia?ma={done.Code}&khoa={IsoEdms.Satisfaction.RatingSecrets.Printed(secret)}");   // the receipt's QR code
        await Expect(citizen.Locator("#code")).ToHaveValueAsync(done.Code);
        foreach (var fieldset in await citizen.Locator("fieldset").AllAsync())
            await fieldset.Locator("input[value='4']").CheckAsync();
        await BrowserApp.ShotAsync(citizen, "10-rating");
        await citizen.ClickAsync("form.card button[type=submit]");
        await Expect(citizen.Locator("[data-testid=thanks]")).ToBeVisibleAsync();
        await citizen.FillAsync("#code", "KHONG-CO-MA-NAY");
        await citizen.FillAsync("#secret", "AAAA-AAAA");
        foreach (var fieldset in await citizen.Locator("fieldset").AllAsync())
            await fieldset.Locator("input[value='4']").CheckAsync();
        await citizen.ClickAsync("form.card button[type=submit]");
        await BrowserApp.ShotAsync(citizen, "10b-rating-unknown-code");
        await Expect(citizen.Locator(".msg.error")).ToContainTextAsync("KHONG-CO-MA-NAY");
        await citizen.FillAsync("#code", done.Code);
        await citizen.FillAsync("#secret", "AAAA-AAAA");
        foreach (var fieldset in await citizen.Locator("fieldset").AllAsync())
            await fieldset.Locator("input[value='2']").CheckAsync();
        await citizen.ClickAsync("form.card button[type=submit]");
        await Expect(citizen.Locator(".msg.error")).ToContainTextAsync("Mã đánh giá không khớp");   // a guessed code is refused and stores nothing
        // the right code again: the dossier was rated once, and the citizen is told so in Vietnamese
        await citizen.FillAsync("#secret", IsoEdms.Satisfaction.RatingSecrets.Printed(secret));
        foreach (var fieldset in await citizen.Locator("fieldset").AllAsync())
            await fieldset.Locator("input[value='2']").CheckAsync();
        await citizen.ClickAsync("form.card button[type=submit]");
        await Expect(citizen.Locator(".msg.error")).ToContainTextAsync($"Hồ sơ {done.Code} đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.");
    }
}
