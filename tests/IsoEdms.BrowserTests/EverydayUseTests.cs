using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using IsoEdms.Cases;
using IsoEdms.Domain.Cases;
using IsoEdms.Infrastructure;
using Marten;
using static Microsoft.Playwright.Assertions;

namespace IsoEdms.BrowserTests;

/// <summary>What a one-stop officer meets every day: finding a dossier, seeing why an action is not offered, a wrong address.</summary>
[Collection(nameof(BrowserApp))]
public class EverydayUseTests(BrowserApp app)
{
    private const string Desk = "nguyen-van-an";   // one-stop desk of Quảng Điền commune

    private async Task<CaseDetails> DossierAsync(Func<CaseDetails, bool> which)
    {
        await using var store = DocumentStore.For(o => MartenSetup.Configure(o, app.ConnectionString, withAsyncProjections: false));
        await using var q = store.QuerySession();
        var all = await q.Query<CaseDetails>().Where(c => c.ReceivingUnit == "xa-quang-dien").ToListAsync();
        return all.OrderBy(c => c.Code, StringComparer.Ordinal).First(which);
    }

    [Fact]
    public async Task the_desk_finds_a_dossier_by_code_phone_or_part_of_the_name_and_the_filters_narrow_it()
    {
        var d = await DossierAsync(c => c.Applicant.Phone is not null && c.Applicant.Name.Contains(' ', StringComparison.Ordinal));
        var page = await app.SignedInAsync(Desk);

        async Task<IReadOnlyList<string>> FoundAsync(string query)
        {
            await page.GotoAsync("/tim-kiem" + query);
            await page.Locator("table tbody tr[data-code], [data-testid=none]").First.WaitForAsync();
            return await page.Locator("tbody tr[data-code]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.code)");
        }

        (await FoundAsync($"?q={d.Code}")).ShouldBe([d.Code]);
        (await FoundAsync($"?q={Uri.EscapeDataString(d.Applicant.Phone!)}")).ShouldContain(d.Code);
        var lastName = d.Applicant.Name.Split(' ')[^1].ToLowerInvariant();
        (await FoundAsync($"?q={Uri.EscapeDataString(lastName)}")).ShouldContain(d.Code);
        var day = d.ReceivedDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await FoundAsync($"?unit=xa-quang-dien&from={day}&to={day}")).ShouldContain(d.Code);
        var before = d.ReceivedDate.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await FoundAsync($"?q={d.Code}&to={before}")).ShouldBeEmpty();
        await Expect(page.Locator("[data-testid=none]")).ToBeVisibleAsync();

        // the result names the procedure and the unit, and leads to the case; so does the dossier's code in an address
        await FoundAsync($"?q={d.Code}");
        await Expect(page.Locator($"tr[data-code='{d.Code}']")).Not.ToContainTextAsync(d.Procedure);
        await page.ClickAsync($"tr[data-code='{d.Code}'] a");
        await BrowserApp.ArrivedAsync(page, "[data-testid=status]", new Regex($"/ho-so/{d.Id}$"));
        await page.GotoAsync($"/ho-so/{d.Code}");
        await BrowserApp.ArrivedAsync(page, "[data-testid=status]", new Regex($"/ho-so/{d.Id}$"));
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// A dossier in progress at a step the desk officer does not hold: received at the desk and handed on to the
    /// civil-status officer through the API now (which of the generated demo dossiers are still in progress depends on
    /// the hour the tests run).
    /// </summary>
    private static readonly string[] Components = ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"];

    private async Task<Guid> HandedOnAsync()
    {
        using var http = await app.ApiAsync(Desk);
        var receipt = await http.PostAsJsonAsync("/api/cases", new
        {
            procedure = "ho-tich.khai-sinh", receiving_unit = "xa-quang-dien", applicant = new { name = "Trần Thị Bình", id_number = "046190000123" },
            components = Components, idempotency_key = Guid.NewGuid().ToString("N"),
        });
        receipt.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await receipt.Content.ReadAsStringAsync());
        using var received = JsonDocument.Parse(await receipt.Content.ReadAsStringAsync());
        var id = received.RootElement.GetProperty("id").GetGuid();
        var handed = await http.PostAsJsonAsync($"/api/cases/{id}/steps/receive/complete", new { version = received.RootElement.GetProperty("version").GetInt64() });
        handed.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await handed.Content.ReadAsStringAsync());
        return id;
    }

    [Fact]
    public async Task actions_the_person_may_not_take_now_are_greyed_with_the_reason()
    {
        var id = await HandedOnAsync();
        var page = await app.SignedInAsync(Desk);
        await page.GotoAsync($"/ho-so/{id}");
        await BrowserApp.ArrivedAsync(page, "[data-testid=status]", new Regex($"/ho-so/{id}$"));

        var complete = page.Locator("[data-unavailable=complete]");
        await Expect(complete.Locator("button")).ToBeDisabledAsync();
        await Expect(complete).ToContainTextAsync("không giữ vai trò");
        await Expect(page.Locator("section.actions details[data-action=complete]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-unavailable=resume]")).ToContainTextAsync("không ở trạng thái tạm dừng");
        // the reason is tied to its button for screen readers
        var describedBy = await complete.Locator("button").GetAttributeAsync("aria-describedby");
        (await page.Locator($"#{describedBy}").InnerTextAsync()).ShouldContain("không giữ vai trò");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_wrong_address_answers_404_with_a_page_in_the_apps_style()
    {
        var page = await app.SignedInAsync(Desk);
        var answer = await page.GotoAsync("/khong-co-trang-nay");
        answer!.Status.ShouldBe(404);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Không tìm thấy trang");
        await Expect(page.Locator("[data-testid=not-found]")).ToBeVisibleAsync();
        await Expect(page.Locator("nav a[href='/tim-kiem']").First).ToBeVisibleAsync();   // the app's own navigation, not the browser's page

        // a dossier code that no case has leads to the search, saying so
        await page.GotoAsync("/ho-so/XQD-1999-999999");
        await Expect(page).ToHaveURLAsync(new Regex("/tim-kiem\\?q=XQD-1999-999999$"));
        await Expect(page.Locator("[data-testid=none]")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
