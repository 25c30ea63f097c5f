using Alba;
using IsoEdms.Audits;
using IsoEdms.Tests.Cases;
using Marten;
using Marten.Events;

namespace IsoEdms.Tests.Audit;

/// <summary>Planning internal audits through the command line and the API: one command, one rule of independence.</summary>
public class AuditProgrammeTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private Task<CliResult> Create(params string[] args) => Cli.RunAsync(seeded.App.ConnectionString, ["audits", "create", .. args]);

    [Fact]
    public async Task the_command_line_plans_an_audit_and_prints_its_id_and_refuses_an_auditor_of_the_audited_unit()
    {
        var run = await Create("--unit", "xa-quang-dien", "--procedures", "chung-thuc.hop-dong-dat,ho-tich.khai-sinh", "--lead", "duong-van-phuc",
            "--from", "2026-06-08", "--to", "2026-06-09", "--by", "ho-thi-xuan");
        run.Exit.ShouldBe(0, run.Err);
        var id = Guid.Parse(run.Out.Trim());
        await using var q = seeded.App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var audit = (await q.LoadAsync<AuditView>(id)).ShouldNotBeNull();
        (audit.Unit, audit.Lead, audit.PlannedBy).ShouldBe(("xa-quang-dien", "duong-van-phuc", "ho-thi-xuan"));
        audit.Procedures.ShouldBe(["chung-thuc.hop-dong-dat", "ho-tich.khai-sinh"]);

        var own = await Create("--unit", "so-tu-phap-hue", "--procedures", "chung-thuc.hop-dong-dat", "--lead", "duong-van-phuc", "--from", "2026-06-08", "--to", "2026-06-09");
        own.Exit.ShouldBe(1);
        own.Err.ShouldContain("Dương Văn Phúc (duong-van-phuc) belongs to");
        own.Err.ShouldContain("(so-tu-phap-hue)");
        own.Out.ShouldBeEmpty();
        (await q.Query<AuditView>().CountAsync(a => a.Unit == "so-tu-phap-hue")).ShouldBe(0);   // nothing written
    }

    [Fact]
    public async Task the_api_plans_the_same_way_and_only_for_quality_officers()
    {
        var body = new { unit = "xa-quang-dien", procedures = new[] { "chung-thuc.hop-dong-dat" }, lead = "duong-van-phuc", from = "2026-07-01", to = "2026-07-02" };
        await seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl("/api/audits");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("ho-thi-xuan"));
            s.StatusCodeShouldBe(201);
        });
        var refused = await seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(body with { unit = "so-tu-phap-hue" }).ToUrl("/api/audits");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("ho-thi-xuan"));
            s.StatusCodeShouldBe(422);
        });
        (await refused.ReadAsTextAsync()).ShouldContain("\"lead\"");
        await seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl("/api/audits");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("nguyen-van-an"));
            s.StatusCodeShouldBe(403);
        });
    }
}

/// <summary>The management review's inputs: the timeliness of the whole organisation equals the sums of the report by unit.</summary>
public class ReviewPackTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private static readonly string[] Keys =
        ["previous_actions", "timeliness", "satisfaction", "objectives", "nonconformities", "corrective_actions", "audits", "risks", "improvements"];

    private static readonly string[] Counts = ["received", "finished", "early", "on_time", "late", "refused", "stopped", "in_progress", "overdue_in_progress"];

    [Fact]
    public async Task the_pack_has_the_inputs_of_the_standard_and_its_timeliness_is_the_sum_of_the_report_by_unit()
    {
        var api = new CaseApi(seeded.App);
        var a = await api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        await api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        await api.Act($"/api/cases/{a.Id}/refuse", new IsoEdms.Cases.Closing.RefuseCase(a.Version, "Không thuộc thẩm quyền"), "nguyen-van-an");
        api.AdvanceWorking(TimeSpan.FromHours(40));   // the other one is now overdue
        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var (from, to) = ("2026-01-01", "2026-12-31");

        var pack = await Cli.RunAsync(seeded.App.ConnectionString, "review", "pack", "--from", from, "--to", to, "--json");
        pack.Exit.ShouldBe(0, pack.Err);
        using var doc = System.Text.Json.JsonDocument.Parse(pack.Out);
        doc.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(Keys);
        var report = await Cli.RunAsync(seeded.App.ConnectionString, "report", "timeliness", "--by", "unit", "--from", from, "--to", to, "--format", "json");
        using var rows = System.Text.Json.JsonDocument.Parse(report.Out);
        var timeliness = doc.RootElement.GetProperty("timeliness");
        foreach (var key in Counts)
            timeliness.GetProperty(key).GetInt32().ShouldBe(rows.RootElement.EnumerateArray().Sum(r => r.GetProperty(key).GetInt32()), key);
        timeliness.GetProperty("refused").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        timeliness.GetProperty("overdue_in_progress").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
    }
}
