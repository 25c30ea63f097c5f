using Alba;

namespace IsoEdms.Tests.Cases;

/// <summary>Any dossier found by code, applicant's name or ID number; a dossier's address by its code; the app's own "not found" page.</summary>
public class FindTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);

    private async Task<(int Status, string Text, string? Location)> Page(string url, string person)
    {
        var r = await seeded.App.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Authorization", seeded.App.Bearer(person));
            s.IgnoreStatusCode();
        });
        return (r.Context.Response.StatusCode, await r.ReadAsTextAsync(), r.Context.Response.Headers.Location.FirstOrDefault());
    }

    [Fact]
    public async Task a_dossier_is_found_by_code_name_or_id_number_within_the_readers_units()
    {
        _api.NextWorkingDay(8);
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");   // applicant Trần Thị Bình, 046190000123
        foreach (var q in new[] { c.Code, "trần thị bình", "046190000123", c.Code[..^2] })
        {
            var (status, text, _) = await Page($"/tim-kiem?q={Uri.EscapeDataString(q)}", "le-thi-hoa");
            status.ShouldBe(200);
            text.ShouldContain($"data-code=\"{c.Code}\"", customMessage: q);
        }
        // a person of another unit does not find it
        (await Page($"/tim-kiem?q={c.Code}", "ngo-thi-thu")).Text.ShouldContain("data-testid=\"none\"");

        // the address by code leads to the case page
        var (found, _, location) = await Page($"/ho-so/{c.Code}", "le-thi-hoa");
        found.ShouldBe(302);
        location.ShouldEndWith($"/ho-so/{c.Id}");
        (await Page("/ho-so/XQD-2026-999999", "le-thi-hoa")).Location.ShouldEndWith("/tim-kiem?q=XQD-2026-999999");
    }

    [Fact]
    public async Task an_unknown_address_gets_the_apps_own_page_in_vietnamese_and_the_api_keeps_its_answers()
    {
        var (status, text, _) = await Page("/khong-co-trang-nay", "le-thi-hoa");
        status.ShouldBe(404);
        text.ShouldContain("Không tìm thấy trang");
        text.ShouldContain("data-testid=\"not-found\"");
        var api = await Page($"/api/cases/{Guid.NewGuid()}", "le-thi-hoa");
        api.Status.ShouldBe(404);
        api.Text.ShouldContain("\"title\":\"Unknown case\"");
    }
}
