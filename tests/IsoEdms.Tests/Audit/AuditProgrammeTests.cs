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

/// <summary>Rule 33: an audit's findings, nonconformities raised from them, its report accepted by the audited unit's head.</summary>
public class AuditConductTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private Task<CliResult> Run(params string[] args) => Cli.RunAtAsync(seeded.App.ConnectionString, seeded.App.Clock, ["audits", .. args]);

    private void Today(int month, int day) => seeded.App.Clock.SetUtcNow(new DateTimeOffset(2026, month, day, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task findings_of_the_auditors_become_nonconformities_and_the_head_of_the_audited_unit_accepts_the_report_after_the_audit()
    {
        Today(6, 1);
        var created = await Run("create", "--unit", "xa-quang-dien", "--procedures", "chung-thuc.hop-dong-dat,ho-tich.khai-sinh", "--lead", "duong-van-phuc",
            "--from", "2026-06-08", "--to", "2026-06-09", "--by", "ho-thi-xuan");
        created.Exit.ShouldBe(0, created.Err);
        var id = created.Out.Trim();

        // the checklist: a question per step of each procedure in scope, and the unit's dossiers received before the audit, replayed
        var received = await new CaseApi(seeded.App).Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        Today(6, 1);
        var checklist = await Run("checklist", id, "--json");
        checklist.Exit.ShouldBe(0, checklist.Err);
        var view = System.Text.Json.JsonDocument.Parse(checklist.Out).RootElement;
        var steps = (await seeded.App.Host.GetAsJson<IsoEdms.Procedures.ProcedureCatalogEntry>("/api/procedures/chung-thuc.hop-dong-dat"))!.Versions[0].Steps
            + (await seeded.App.Host.GetAsJson<IsoEdms.Procedures.ProcedureCatalogEntry>("/api/procedures/ho-tich.khai-sinh"))!.Versions[0].Steps;
        view.GetProperty("items").GetArrayLength().ShouldBe(steps);
        view.GetProperty("sample").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ShouldContain(received.Code);
        view.GetProperty("sample").EnumerateArray().ShouldAllBe(c => c.GetProperty("findings").GetArrayLength() == 0);

        var early = await Run("finding", id, "--kind", "minor", "--text", "Sổ theo dõi thiếu chữ ký", "--by", "duong-van-phuc");
        early.Exit.ShouldBe(1);
        early.Err.ShouldContain("the audit starts on 2026-06-08");
        Today(6, 8);
        var minor = await Run("finding", id, "--kind", "minor", "--text", "Phiếu kiểm soát thiếu chữ ký bàn giao ở 3/10 hồ sơ mẫu", "--procedure", "chung-thuc.hop-dong-dat",
            "--by", "duong-van-phuc");
        minor.Exit.ShouldBe(0, minor.Err);
        (await Run("finding", id, "--kind", "opportunity", "--text", "Có thể nhắn tin hẹn trả qua Zalo", "--by", "duong-van-phuc")).Exit.ShouldBe(0);
        var stranger = await Run("finding", id, "--kind", "major", "--text", "x", "--by", "ho-thi-xuan");
        stranger.Exit.ShouldBe(1);
        stranger.Err.ShouldContain("ho-thi-xuan is not the lead or in the team of this audit");
        (await Run("finding", id, "--kind", "minor", "--text", "x", "--procedure", "dat-dai.dang-ky-lan-dau", "--by", "duong-van-phuc")).Err.ShouldContain("is not in the audit's scope");

        var audit = (await seeded.App.Host.GetAsJson<AuditView>($"/api/audits/{id}"))!;
        audit.Findings.Select(f => (f.No, f.Kind, f.NonconformityId is not null)).ShouldBe([(1, "minor", true), (2, "opportunity", false)]);
        var nc = (await seeded.App.Host.GetAsJson<IsoEdms.Quality.NonconformityView>($"/api/nonconformities/{audit.Findings[0].NonconformityId}"))!;
        (nc.Source, nc.Severity, nc.Unit).ShouldBe(("audit_finding", "minor", "xa-quang-dien"));
        nc.Description.ShouldContain("Phiếu kiểm soát thiếu chữ ký");

        (await Run("accept", id, "--by", "tran-van-binh")).Err.ShouldContain("the audit ends on 2026-06-09");
        Today(6, 10);
        (await Run("accept", id, "--by", "le-thi-hoa")).Err.ShouldContain("is not a head of the audited unit (xa-quang-dien)");
        var accepted = await Run("accept", id, "--comment", "Đồng ý, sẽ khắc phục trong tháng 6", "--by", "tran-van-binh");
        accepted.Exit.ShouldBe(0, accepted.Err);
        (await Run("finding", id, "--kind", "minor", "--text", "muộn", "--by", "duong-van-phuc")).Err.ShouldContain("report is accepted");

        // the follow-up of the nonconformity found: by the lead, after acceptance, until found effective
        (await Run("follow-up", id, "2", "--note", "x", "--by", "duong-van-phuc")).Err.ShouldContain("is an opportunity, not a nonconformity");
        (await Run("follow-up", id, "1", "--note", "x", "--by", "tran-van-binh")).Err.ShouldContain("is not the lead auditor");
        (await Run("follow-up", id, "1", "--effective", "no", "--note", "3/10 phiếu vẫn thiếu chữ ký", "--by", "duong-van-phuc")).Exit.ShouldBe(0);
        (await Run("follow-up", id, "1", "--note", "Kiểm tra lại 10 hồ sơ: đủ chữ ký", "--by", "duong-van-phuc")).Exit.ShouldBe(0);
        (await Run("follow-up", id, "1", "--note", "lần ba", "--by", "duong-van-phuc")).Err.ShouldContain("already found effectively dealt with");
        (await seeded.App.Host.GetAsJson<AuditView>($"/api/audits/{id}"))!.FollowUps.Select(f => (f.No, f.Effective)).ShouldBe([(1, false), (1, true)]);

        // the year's programme: approved once by a head who does not audit in it, holding the audits of the year
        (await Run("approve-programme", "--year", "2026", "--decision", "Quyết định số 5/QĐ-TTPVHCC", "--decision-date", "2026-06-10", "--by", "duong-van-phuc"))
            .Err.ShouldContain("heads no unit");
        var approved = await Run("approve-programme", "--year", "2026", "--decision", "Quyết định số 5/QĐ-TTPVHCC", "--decision-date", "2026-06-10", "--by", "le-quang-vinh");
        approved.Exit.ShouldBe(0, approved.Err);
        approved.Out.ShouldContain("programme 2026 approved");
        (await Run("approve-programme", "--year", "2026", "--decision", "Quyết định số 6/QĐ-TTPVHCC", "--decision-date", "2026-06-11", "--by", "le-quang-vinh"))
            .Err.ShouldContain("already approved");
        (await Run("approve-programme", "--year", "2031", "--decision", "Quyết định số 1", "--decision-date", "2026-06-11", "--by", "le-quang-vinh"))
            .Err.ShouldContain("no audit is planned to start in 2031");

        var file = Path.Combine(Directory.CreateTempSubdirectory("isoedms-audit-").FullName, "bao-cao.html");
        (await Run("report", id, "--out", file)).Exit.ShouldBe(0);
        var html = await File.ReadAllTextAsync(file);
        html.ShouldContain("BÁO CÁO ĐÁNH GIÁ NỘI BỘ");
        html.ShouldContain("Không phù hợp nhẹ");
        html.ShouldContain("Cơ hội cải tiến");
        html.ShouldContain("Trần Văn Bình (tran-van-binh) chấp nhận ngày 10/06/2026: Đồng ý, sẽ khắc phục trong tháng 6");

        // the opportunity found is an improvement proposal of the review pack of the period
        var pack = await Cli.RunAtAsync(seeded.App.ConnectionString, seeded.App.Clock, "review", "pack", "--from", "2026-06-01", "--to", "2026-06-30", "--json");
        System.Text.Json.JsonDocument.Parse(pack.Out).RootElement.GetProperty("improvements").EnumerateArray()
            .Select(i => (i.GetProperty("source").GetString(), i.GetProperty("text").GetString())).ShouldContain(("audit", "Có thể nhắn tin hẹn trả qua Zalo"));
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
