using System.Text.Json;
using Alba;
using IsoEdms.Risks;
using IsoEdms.Tests.Cases;

namespace IsoEdms.Tests.Audit;

/// <summary>Rule 31: the register of risks and opportunities through the command line and the API, into the review pack.</summary>
public class RisksTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private Task<CliResult> Run(params string[] args) => Cli.RunAtAsync(seeded.App.ConnectionString, seeded.App.Clock, ["risks", .. args]);

    [Fact]
    public async Task a_risk_is_recorded_acted_on_and_reviewed_and_the_review_pack_lists_it()
    {
        seeded.App.Clock.StartAt(TestClock.MondayMorning);
        var add = await Run("add", "--code", "dat-dai.tre-han", "--title", "Hồ sơ đất đai trễ hạn do chờ xác minh", "--procedure", "dat-dai.dang-ky-lan-dau",
            "--unit", "xa-quang-dien", "--likelihood", "4", "--impact", "4", "--owner", "tran-van-binh", "--by", "ho-thi-xuan");
        add.Exit.ShouldBe(0, add.Err);
        add.Out.ShouldContain("risk dat-dai.tre-han: high (16)");
        (await Run("action", "dat-dai.tre-han", "--text", "Quy chế phối hợp với văn phòng đăng ký đất đai", "--owner", "tran-van-binh", "--due", "2026-04-30", "--by", "ho-thi-xuan"))
            .Out.ShouldContain("1 action(s)");
        var early = await Run("review", "dat-dai.tre-han", "--likelihood", "2", "--impact", "4", "--note", "Chưa làm gì", "--by", "ho-thi-xuan");
        early.Exit.ShouldBe(1);
        early.Err.ShouldContain("no action of risk dat-dai.tre-han is done yet");
        (await Run("done", "dat-dai.tre-han", "1", "--evidence", "Quy chế số 3/QC-UBND", "--by", "ho-thi-xuan")).Exit.ShouldBe(0);
        var reviewed = await Run("review", "dat-dai.tre-han", "--likelihood", "2", "--impact", "4", "--note", "Tỷ lệ trễ giảm còn 3 %", "--by", "ho-thi-xuan");
        reviewed.Exit.ShouldBe(0, reviewed.Err);
        reviewed.Out.ShouldContain("medium (8)");

        var register = (await seeded.App.Host.GetAsJson<List<RiskView>>("/api/risks"))!.Single(r => r.Code == "dat-dai.tre-han");
        (register.Score, register.Level, register.Owner).ShouldBe((8, "medium", "tran-van-binh"));
        register.Actions.Single().Evidence.ShouldBe("Quy chế số 3/QC-UBND");
        register.Reviews.Single().Effective.ShouldBeTrue();

        var pack = await Cli.RunAtAsync(seeded.App.ConnectionString, seeded.App.Clock, "review", "pack", "--from", "2026-01-01", "--to", "2026-12-31", "--json");
        var risks = JsonDocument.Parse(pack.Out).RootElement.GetProperty("risks");
        risks.GetProperty("register").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ShouldContain("dat-dai.tre-han");
        risks.GetProperty("proposals").ValueKind.ShouldBe(JsonValueKind.Array);
    }

    [Fact]
    public async Task only_quality_officers_record_risks_a_code_is_taken_once_and_a_bad_rating_names_its_field()
    {
        object Body(string code, int likelihood = 3) => new { code, title = "Thiếu công chức một cửa", unit = "xa-dan-dien", likelihood, impact = 3, owner = "bui-thi-ngoc" };
        Task<IScenarioResult> Post(object body, string person, int status) => seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl("/api/risks");
            s.WithRequestHeader("Authorization", seeded.App.Bearer(person));
            s.StatusCodeShouldBe(status);
        });
        await Post(Body("mot-cua.thieu-nguoi"), "ho-thi-xuan", 201);
        (await (await Post(Body("mot-cua.thieu-nguoi"), "ho-thi-xuan", 409)).ReadAsTextAsync()).ShouldContain("already on the register");
        await Post(Body("mot-cua.thieu-nguoi-2"), "bui-thi-ngoc", 403);
        (await (await Post(Body("mot-cua.thieu-nguoi-3", likelihood: 7), "ho-thi-xuan", 422)).ReadAsTextAsync()).ShouldContain("\"likelihood\"");
        await seeded.App.Host.Scenario(s => { s.Get.Url("/api/risks/proposals?as_of=mai"); s.StatusCodeShouldBe(400); });
    }
}
