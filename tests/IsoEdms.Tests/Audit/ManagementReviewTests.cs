using System.Text.Json;
using Alba;
using IsoEdms.Audits;
using IsoEdms.Tests.Cases;
using Marten;
using Marten.Events;

namespace IsoEdms.Tests.Audit;

/// <summary>Rule 29: a management review held freezes the inputs of its period as the pack gave them; its actions are tracked to closure.</summary>
public class ManagementReviewTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private static readonly string[] Keep = ["Duy trì hệ thống"];

    private string Cs => seeded.App.ConnectionString;

    private Task<CliResult> Pack() => Cli.RunAtAsync(Cs, seeded.App.Clock, "review", "pack", "--from", "2026-01-01", "--to", "2026-12-31", "--json");

    private Task<CliResult> Hold(string heldOn, params string[] more) => Cli.RunAtAsync(Cs, seeded.App.Clock, ["review", "hold", "--from", "2026-01-01", "--to", "2026-12-31", "--held-on", heldOn,
        "--chair", "le-quang-vinh", "--attendees", "ho-thi-xuan,tran-van-binh", "--decision", "Duy trì hệ thống quản lý chất lượng; rút ngắn thời gian thẩm định hồ sơ đất đai",
        "--action", "Rà soát quy trình chứng thực hợp đồng;ho-thi-xuan;2026-04-30", "--action", "Bổ sung một công chức một cửa;tran-van-binh;2026-06-30",
        "--resource", "Một máy quét tài liệu cho bộ phận một cửa", "--by", "ho-thi-xuan", .. more]);

    private async Task<ManagementReviewView> Review(Guid id) => (await seeded.App.Host.GetAsJson<ManagementReviewView>($"/api/reviews/{id}"))!;

    [Fact]
    public async Task a_review_held_freezes_the_pack_of_its_period_and_its_actions_become_the_next_reviews_first_input()
    {
        var api = new CaseApi(seeded.App);
        await api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var before = await Pack();
        var held = await Hold("2026-03-02");
        held.Exit.ShouldBe(0, held.Err);
        var id = Guid.Parse(held.Out.Trim());
        var review = await Review(id);
        review.InputsJson.ShouldBe(before.Out.Trim());   // exactly what the pack of the period said when the review was held
        review.InputsSha256.ShouldBe(IsoEdms.Domain.Documents.Canonical.Sha256(review.InputsJson));
        review.Attendees.ShouldBe(["le-quang-vinh", "ho-thi-xuan", "tran-van-binh"]);
        review.Actions.Select(a => (a.No, a.Owner, a.DoneOn)).ShouldBe([(1, "ho-thi-xuan", (DateOnly?)null), (2, "tran-van-binh", null)]);

        // new dossiers of the period change the pack, never the review's frozen inputs
        await api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var after = await Pack();
        after.Out.Trim().ShouldNotBe(review.InputsJson);
        (await Review(id)).InputsJson.ShouldBe(review.InputsJson);

        // the earlier review's actions are the next pack's first input, with their status; closing one is recorded with its evidence
        var spring = await Cli.RunAtAsync(Cs, seeded.App.Clock, "review", "pack", "--from", "2026-01-01", "--to", "2026-03-31", "--json");   // judged as of today, 2 March
        JsonDocument.Parse(spring.Out).RootElement.GetProperty("previous_actions").EnumerateArray()
            .Select(a => (a.GetProperty("no").GetInt32(), a.GetProperty("status").GetString())).ShouldBe([(1, "open"), (2, "open")]);
        await seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(new { evidence = "Quyết định số 15/QĐ-UBND ban hành quy trình sửa đổi", on = "2026-04-20" }).ToUrl($"/api/reviews/{id}/actions/1/complete");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("ho-thi-xuan"));
            s.StatusCodeShouldBe(200);
        });
        var again = await seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(new { evidence = "lần hai", on = "2026-04-21" }).ToUrl($"/api/reviews/{id}/actions/1/complete");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("ho-thi-xuan"));
            s.StatusCodeShouldBe(422);
        });
        (await again.ReadAsTextAsync()).ShouldContain("action 1 is already done");
        seeded.App.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero));   // the autumn: the spring's actions are judged as of 30 September
        var later = await Cli.RunAtAsync(Cs, seeded.App.Clock, "review", "pack", "--from", "2026-07-01", "--to", "2026-09-30", "--json");
        JsonDocument.Parse(later.Out).RootElement.GetProperty("previous_actions").EnumerateArray()
            .Select(a => (a.GetProperty("no").GetInt32(), a.GetProperty("status").GetString())).ShouldBe([(1, "done"), (2, "overdue")]);

        // the minutes, in Vietnamese, from the event
        var file = Path.Combine(Directory.CreateTempSubdirectory("isoedms-minutes-").FullName, "bien-ban.html");
        var minutes = await Cli.RunAtAsync(Cs, seeded.App.Clock, "review", "minutes", id.ToString(), "--out", file);
        minutes.Exit.ShouldBe(0, minutes.Err);
        var html = await File.ReadAllTextAsync(file);
        html.ShouldContain("BIÊN BẢN HỌP XEM XÉT CỦA LÃNH ĐẠO");
        html.ShouldContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        html.ShouldContain("Lê Quang Vinh (le-quang-vinh)");
        html.ShouldContain("rút ngắn thời gian thẩm định hồ sơ đất đai");
        html.ShouldContain("Đã thực hiện ngày 20/04/2026: Quyết định số 15/QĐ-UBND");
        html.ShouldContain("Một máy quét tài liệu");

        // the reviews' page lists it with its decisions, its actions' state and its inputs' hash
        var page = await seeded.App.Host.Scenario(s =>
        {
            s.Get.Url("/chat-luong/xem-xet");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("tran-van-binh"));
            s.StatusCodeShouldBe(200);
        });
        var text = await page.ReadAsTextAsync();
        text.ShouldContain($"data-review=\"{id}\"");
        text.ShouldContain("rút ngắn thời gian thẩm định hồ sơ đất đai");
        text.ShouldContain(review.InputsSha256[..12]);
    }

    [Fact]
    public async Task a_review_not_yet_held_or_with_an_unknown_owner_is_refused_naming_the_field_and_nothing_is_written()
    {
        seeded.App.Clock.StartAt(TestClock.MondayMorning);
        var future = await Hold(IsoEdms.Organisation.OrgLoad.Today(seeded.App.Clock).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        future.Exit.ShouldBe(1);
        future.Err.ShouldContain("has not taken place yet");
        var r = await seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(new { from = "2026-01-01", to = "2026-06-30", held_on = "2026-03-02", chair = "le-quang-vinh", decisions = Keep,
                actions = new[] { new { description = "Rà soát", owner = "ai-do", due = "2026-05-01" } } }).ToUrl("/api/reviews");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("ho-thi-xuan"));
            s.StatusCodeShouldBe(422);
        });
        var body = await r.ReadAsTextAsync();
        body.ShouldContain("\"actions\"");
        body.ShouldContain("'ai-do' is not a person of the organisation");
        await seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(new { from = "2026-01-01", to = "2026-06-30", held_on = "2026-03-02", chair = "le-quang-vinh", decisions = Keep }).ToUrl("/api/reviews");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("tran-van-binh"));
            s.StatusCodeShouldBe(403);
        });
        await using var q = seeded.App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await q.Query<ManagementReviewView>().CountAsync(v => v.To == new DateOnly(2026, 6, 30))).ShouldBe(0);
    }
}
