using System.Text.Json;
using Alba;
using IsoEdms.Procedures;
using IsoEdms.Tests.Cases;
using Marten.Events;

namespace IsoEdms.Tests.Audit;

/// <summary>The year's documents for the Department of Science and Technology, filled from the data of the year.</summary>
public class YearlyPackTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    [Fact]
    public async Task the_announcement_lists_the_procedures_in_force_and_the_yearly_report_gives_the_figures_of_the_review_pack()
    {
        var api = new CaseApi(seeded.App);
        var a = await api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        await api.Receive("ho-tich.khai-sinh", "xa-quang-dien", "nguyen-van-an");
        await api.Act($"/api/cases/{a.Id}/refuse", new IsoEdms.Cases.Closing.RefuseCase(a.Version, "Không thuộc thẩm quyền"), "nguyen-van-an");
        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        seeded.App.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 5, 2, 0, 0, TimeSpan.Zero));   // the year is over
        Task<CliResult> Run(params string[] args) => Cli.RunAtAsync(seeded.App.ConnectionString, seeded.App.Clock, args);
        (await Run("objectives", "set", "--code", "dung-han-2026", "--title", "Tỷ lệ hồ sơ đúng hạn ≥ 95 %", "--measure", "on_time_rate", "--target", "95",
            "--from", "2026-01-01", "--to", "2026-12-31", "--by", "ho-thi-xuan")).Exit.ShouldBe(0);

        var folder = Directory.CreateTempSubdirectory("isoedms-yearly-").FullName;
        var report = await Run("review", "yearly", "--year", "2026", "--document", "report", "--out", Path.Combine(folder, "bao-cao.html"));
        report.Exit.ShouldBe(0, report.Err);
        var html = await File.ReadAllTextAsync(Path.Combine(folder, "bao-cao.html"));
        html.ShouldContain("BÁO CÁO TÌNH HÌNH ÁP DỤNG, DUY TRÌ VÀ CẢI TIẾN HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG NĂM 2026");
        var pack = JsonDocument.Parse((await Run("review", "pack", "--from", "2026-01-01", "--to", "2026-12-31", "--json")).Out).RootElement.GetProperty("timeliness");
        int N(string k) => pack.GetProperty(k).GetInt32();
        N("received").ShouldBeGreaterThanOrEqualTo(2);
        html.ShouldContain($"<td>{N("received")}</td><td>{N("finished")}</td><td>{N("early")}</td><td>{N("on_time")}</td><td>{N("late")}</td>");
        html.ShouldContain($"<td>{N("refused")}</td><td>{N("stopped")}</td><td>{N("in_progress")} ({N("overdue_in_progress")})</td>");
        html.ShouldContain("Tỷ lệ hồ sơ đúng hạn ≥ 95 %");

        var announcement = await seeded.App.Host.Scenario(s => { s.Get.Url("/api/reviews/yearly/2026/announcement"); s.StatusCodeShouldBe(200); });
        var text = await announcement.ReadAsTextAsync();
        text.ShouldContain("Công bố Hệ thống quản lý chất lượng của");
        text.ShouldContain("Quyết định số 19/2014/QĐ-TTg");
        var catalogue = (await seeded.App.Host.GetAsJson<List<ProcedureCatalogEntry>>("/api/procedures"))!;
        catalogue.ShouldAllBe(p => text.Contains(p.Code, StringComparison.Ordinal) && text.Contains(p.TitleVi, StringComparison.Ordinal));
        await seeded.App.Host.Scenario(s => { s.Get.Url("/api/reviews/yearly/2026/minutes"); s.StatusCodeShouldBe(404); });
    }
}
