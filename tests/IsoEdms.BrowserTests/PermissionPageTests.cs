using static Microsoft.Playwright.Assertions;

namespace IsoEdms.BrowserTests;

[Collection(nameof(BrowserApp))]
public class PermissionPageTests(BrowserApp app)
{
    [Fact]
    public async Task staff_of_one_commune_cannot_open_another_communes_work_queue()
    {
        var page = await app.SignedInAsync("nguyen-van-an");   // xã Quảng Điền
        var own = await page.GotoAsync("/viec-cua-toi?unit=xa-quang-dien");
        own!.Status.ShouldBe(200);
        var other = await page.GotoAsync("/viec-cua-toi?unit=xa-dan-dien");
        other!.Status.ShouldBe(403);
        await Expect(page.Locator("[data-status='403']")).ToContainTextAsync("xa-dan-dien");
        await Expect(page.Locator("tr[data-code]")).ToHaveCountAsync(0);
        await BrowserApp.ShotAsync(page, "11-forbidden-queue");
    }

    [Fact]
    public async Task pages_send_a_visitor_to_sign_in_and_refuse_roles_that_do_not_fit()
    {
        var visitor = await app.AnonymousAsync();
        await visitor.GotoAsync("/tiep-nhan");
        visitor.Url.ShouldContain("/dang-nhap?ReturnUrl=%2Ftiep-nhan");
        var auditor = await app.SignedInAsync("duong-van-phuc");
        await auditor.GotoAsync("/tiep-nhan");
        auditor.Url.ShouldContain("/khong-duoc-phep");
        var staff = await app.SignedInAsync("nguyen-van-an");
        await staff.GotoAsync("/quy-trinh/ban-hanh");
        staff.Url.ShouldContain("/khong-duoc-phep");
    }

    [Fact]
    public async Task the_language_switch_turns_the_pages_english_and_back_and_phones_get_no_sideways_scroll()
    {
        var page = await app.SignedInAsync("nguyen-van-an", width: 390);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Việc của tôi");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        overflow.ShouldBeFalse();
        await BrowserApp.ShotAsync(page, "12-phone-my-work");
        await page.ClickAsync("text=English");
        await Expect(page.Locator("h1")).ToHaveTextAsync("My work");
        await page.ClickAsync("text=Tiếng Việt");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Việc của tôi");
        // keyboard: the first Tab reaches the skip link
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.className")).ShouldBe("skip");
    }

    [Fact]
    public async Task the_skip_link_stays_on_the_page_and_keeps_a_half_filled_receive_form()
    {
        var page = await app.SignedInAsync("nguyen-van-an");
        await page.GotoAsync("/tiep-nhan?procedure=chung-thuc.ban-sao");
        await page.FillAsync("#name", "Lê Văn Tám");
        await page.FocusAsync("a.skip");
        await page.Keyboard.PressAsync("Enter");
        new Uri(page.Url).AbsolutePath.ShouldBe("/tiep-nhan");
        await Expect(page.Locator("#name")).ToHaveValueAsync("Lê Văn Tám");
    }
}
