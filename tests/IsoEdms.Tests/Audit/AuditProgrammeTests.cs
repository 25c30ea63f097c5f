using Alba;
using IsoEdms.Audits;
using IsoEdms.Tests.Cases;
using Marten;

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
