using System.Globalization;
using Alba;
using IsoEdms.Cases.Working;
using IsoEdms.Quality;
using IsoEdms.Satisfaction;
using IsoEdms.Tests.Cases;
using Marten.Events;

namespace IsoEdms.Tests.Quality;

public class SatisfactionTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);
    private static readonly string[] Criteria = ["cong-khai", "tiep-can", "thai-do", "huong-dan", "thoi-gian", "ket-qua"];

    private Task<IScenarioResult> Rate(string code, Dictionary<string, int> scores, int status, string? secret) => seeded.App.Host.Scenario(s =>
    {
        s.Post.Json(new RateCase(code, null, "hai-long-tthc", null, scores, "Phải chờ lâu", secret)).ToUrl("/api/ratings");
        s.StatusCodeShouldBe(status);
    });

    private async Task<string> SecretOf(Guid caseId)
    {
        await using var session = seeded.App.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        return await seeded.App.Host.Services.GetRequiredService<RatingSecrets>().ForCaseAsync(session, caseId, CancellationToken.None);
    }

    [Fact]
    public async Task a_case_is_rated_once_and_a_low_rating_raises_a_nonconformity()
    {
        (await Cli.RunAsync(seeded.App.ConnectionString, "surveys", "publish", Cli.Processes("surveys"))).Out.ShouldContain("unchanged hai-long-tthc v1");
        _api.NextWorkingDay(8);
        var c = await _api.Receive("ho-tich.khai-sinh", "xa-quang-dien", "nguyen-van-an");
        var secret = await SecretOf(c.Id);
        var low = Criteria.ToDictionary(k => k, _ => 2);
        (await (await Rate(c.Code, low, 409, secret)).ReadAsTextAsync()).ShouldContain("can be rated once its result is ready");

        c = await _api.Act($"/api/cases/{c.Id}/steps/receive/complete", new CompleteStep(c.Version, null), "nguyen-van-an");
        c = await _api.Act($"/api/cases/{c.Id}/steps/review/complete", new CompleteStep(c.Version, "approve"), "le-thi-hoa");
        c = await _api.Act($"/api/cases/{c.Id}/steps/sign/complete", new CompleteStep(c.Version, null), "tran-van-binh");
        c.Case!.Status.ShouldBe("finished");

        (await (await Rate(c.Code, Criteria.Skip(1).ToDictionary(k => k, _ => 4), 422, secret)).ReadAsTextAsync()).ShouldContain("no score for cong-khai");
        (await (await Rate(c.Code, Criteria.ToDictionary(k => k, _ => 6), 422, secret)).ReadAsTextAsync()).ShouldContain("outside the scale 1-5");
        // the dossier code is sequential: without the receipt's secret, or with another case's, nothing is stored
        (await (await Rate(c.Code, low, 400, null)).ReadAsTextAsync()).ShouldContain("rating code printed on the receipt");
        var other = await _api.Receive("ho-tich.khai-sinh", "xa-quang-dien", "nguyen-van-an");
        (await (await Rate(c.Code, low, 403, await SecretOf(other.Id))).ReadAsTextAsync()).ShouldContain("does not belong to dossier");
        (await _api.Details(c.Id)).Rating.ShouldBeNull();
        secret.Length.ShouldBe(8);
        await Rate(c.Code, low, 200, $"{secret[..4].ToLowerInvariant()}-{secret[4..]}");   // typed from paper: lower case, with the dash
        (await (await Rate(c.Code, low, 409, secret)).ReadAsTextAsync()).ShouldContain("already been rated");

        var ncs = (await seeded.App.Host.GetAsJson<List<NonconformityView>>("/api/nonconformities?source=low_satisfaction"))!;
        ncs.ShouldHaveSingleItem().ShouldSatisfyAllConditions(n => n.CaseCode.ShouldBe(c.Code), n => n.Unit.ShouldBe("xa-quang-dien"));

        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var report = (await seeded.App.Host.GetAsJson<List<SatisfactionRow>>("/api/reports/satisfaction"))!;
        report.ShouldHaveSingleItem().ShouldBe(new SatisfactionRow("xa-quang-dien", _api.Calendar.LocalDate(_api.Now).ToString("yyyy-MM", CultureInfo.InvariantCulture), 1, 2m, 1));

        // the head's dashboard shows the month's rating, and the low rating's nonconformity in the month's trend
        var month = _api.Calendar.LocalDate(_api.Now);
        var page = await seeded.App.Host.Scenario(s =>
        {
            s.Get.Url($"/bang-dieu-khien?unit=xa-quang-dien&from={month.Year}-01-01&to={month.Year}-12-31");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("tran-van-binh"));
            s.StatusCodeShouldBe(200);
        });
        var html = await page.ReadAsTextAsync();
        var shown = $"{month:MM}/{month:yyyy}";
        html.ShouldContain("Mức hài lòng của người dân theo đơn vị và tháng");
        System.Text.RegularExpressions.Regex.IsMatch(html, $@"data-report=""satisfaction""[\s\S]*<td>UBND xã Quảng Điền</td><td>{shown}</td><td class=""num"">1</td>").ShouldBeTrue();
        System.Text.RegularExpressions.Regex.IsMatch(html, $@"data-report=""nonconformity-trend""[\s\S]*<td>{shown}</td><td class=""num"">1</td>").ShouldBeTrue();
    }
}
