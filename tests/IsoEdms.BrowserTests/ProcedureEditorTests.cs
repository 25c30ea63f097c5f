using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace IsoEdms.BrowserTests;

/// <summary>A quality officer writes the next version of a procedure with the form: checked as she types, then published.</summary>
[Collection(nameof(BrowserApp))]
public class ProcedureEditorTests(BrowserApp app)
{
    [Fact]
    public async Task the_next_version_is_edited_with_the_form_checked_while_typing_and_published()
    {
        const string code = "ho-kinh-doanh.dang-ky";
        var qo = await app.SignedInAsync("ho-thi-xuan");
        await qo.GotoAsync($"/quy-trinh/{code}");
        await qo.ClickAsync("[data-testid=edit-next]");
        await BrowserApp.ArrivedAsync(qo, "#procedure-editor", new Regex($"/quy-trinh/soan-thao\\?tu={Regex.Escape(code)}$"));

        // the published version, as the draft of the next one: its file is written and checks clean
        await Expect(qo.Locator("#version")).ToHaveValueAsync("2");
        await Expect(qo.Locator("#s1-id")).ToHaveValueAsync("receive");
        await Expect(qo.Locator("[data-testid=no-errors]")).ToBeVisibleAsync();
        await Expect(qo.Locator("#yaml")).ToHaveValueAsync(new Regex($"procedure: {Regex.Escape(code)}\\nversion: 2\\n"));

        // a step leading nowhere: the error and its line appear while typing, with no click
        await qo.FillAsync("#s1-next", "khong-co");
        await Expect(qo.Locator("[data-testid=draft-errors]")).ToContainTextAsync("'next' trỏ tới bước không có 'khong-co'");   // in Vietnamese
        var line = int.Parse((await qo.Locator("[data-testid=draft-errors] li").First.GetAttributeAsync("data-line"))!, System.Globalization.CultureInfo.InvariantCulture);
        (await qo.Locator("#yaml").InputValueAsync()).Split('\n')[line - 1].ShouldContain("khong-co");

        // mended; two hours moved from the review to the signature (the steps' budgets must add up to the time limit)
        await qo.FillAsync("#s1-next", "review");
        await Expect(qo.Locator("[data-testid=no-errors]")).ToBeVisibleAsync();
        await qo.FillAsync("#s2-hours", "10");
        await Expect(qo.Locator("[data-testid=draft-errors]")).ToContainTextAsync("cộng lại là 22 giờ");
        await qo.FillAsync("#s3-hours", "10");
        await Expect(qo.Locator("[data-testid=no-errors]")).ToBeVisibleAsync();
        await qo.ClickAsync("button[name=Mode][value=publish]");
        await Expect(qo.Locator("[data-testid=published]")).ToContainTextAsync($"{code} v2");
        await qo.GotoAsync($"/quy-trinh/{code}");
        await Expect(qo.Locator("tr[data-version='2']")).ToBeVisibleAsync();
        await qo.Context.CloseAsync();
    }
}
