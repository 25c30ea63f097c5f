using Alba;
using IsoEdms.Domain.Procedures;
using IsoEdms.Procedures;

namespace IsoEdms.Tests.Procedures;

public class PublishingApiTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static string Shipped(string code) => File.ReadAllText(Path.Combine(Cli.Processes("procedures"), code, "v1.yaml"));

    public async Task InitializeAsync()
    {
        var calendars = await Cli.RunAsync(app.ConnectionString, "calendars", "publish", Cli.Processes("calendars"));
        calendars.Exit.ShouldBe(0, calendars.Err);
        await app.SeedPeopleAsync();
        (await Cli.RunAsync(app.ConnectionString, "procedures", "publish", Cli.Processes("procedures"))).Exit.ShouldBe(0);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<IScenarioResult> Publish(string path, string content, int status) => app.Host.Scenario(s =>
    {
        s.Post.Json(new PublishProcedures([new ProcedureFileUpload(path, content)])).ToUrl("/api/procedures/publish");
        s.WithRequestHeader("Authorization", app.Bearer("ho-thi-xuan"));
        s.StatusCodeShouldBe(status);
    });

    [Fact]
    public async Task publishing_the_shipped_files_again_changes_nothing()
    {
        var again = await Cli.RunAsync(app.ConnectionString, "procedures", "publish", Cli.Processes("procedures"));
        again.Exit.ShouldBe(0);
        again.Out.ShouldContain("0 published, 8 unchanged");
        var list = await app.Host.GetAsJson<List<ProcedureCatalogEntry>>("/api/procedures");
        list!.Count.ShouldBe(8);
        list.ShouldAllBe(p => p.Versions.Any(v => v.Version == 1 && v.PublishedBy.StartsWith("cli:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task a_version_without_the_approval_of_the_head_of_the_approving_unit_is_a_draft_and_nothing_is_published()
    {
        var v1 = Shipped("dat-dai.khau-tru-boi-thuong");
        var start = v1.IndexOf("approval:", StringComparison.Ordinal);
        var draft = (v1[..start] + v1[v1.IndexOf("calendar:", start, StringComparison.Ordinal)..]).Replace("version: 1", "version: 2");
        var refused = await (await Publish("procedures/dat-dai.khau-tru-boi-thuong/v2.yaml", draft, 409)).ReadAsJsonAsync<PublishResult>();
        refused!.Lines.ShouldContain(l => l.Contains("dat-dai.khau-tru-boi-thuong v2 is a draft"));

        // approved by someone who heads no unit there: refused, naming them
        var notHead = v1.Replace("version: 1", "version: 2").Replace("approved_by: le-quang-vinh", "approved_by: nguyen-thi-thanh");
        (await (await Publish("procedures/dat-dai.khau-tru-boi-thuong/v2.yaml", notHead, 409)).ReadAsJsonAsync<PublishResult>())!.Lines
            .ShouldContain(l => l.Contains("Nguyễn Thị Thanh (nguyen-thi-thanh) is not the head of"));
        (await app.Host.GetAsJson<ProcedureCatalogEntry>("/api/procedures/dat-dai.khau-tru-boi-thuong"))!.Versions.ShouldHaveSingleItem();

        var approved = v1.Replace("version: 1", "version: 2").Replace("Quyết định số 25/QĐ-TTPVHCC", "Quyết định số 31/QĐ-TTPVHCC");
        await Publish("procedures/dat-dai.khau-tru-boi-thuong/v2.yaml", approved, 200);
        var v2 = (await app.Host.GetAsJson<ProcedureCatalogEntry>("/api/procedures/dat-dai.khau-tru-boi-thuong"))!.Versions.Single(v => v.Version == 2);
        v2.Approval.ShouldBe(new VersionApproval("ho-thi-xuan", "duong-van-phuc", "le-quang-vinh", "tt-pvhcc-hue", "Quyết định số 31/QĐ-TTPVHCC", new DateOnly(2025, 6, 25)));
    }

    [Fact]
    public async Task a_new_version_is_published_and_diffed_and_a_changed_published_version_is_refused()
    {
        var v2 = Shipped("chung-thuc.hop-dong-dat").Replace("version: 1", "version: 2").Replace("budget_hours: 8", "budget_hours: 6").Replace("budget_hours: 4\n    next: record", "budget_hours: 6\n    next: record");
        var ok = await (await Publish("procedures/chung-thuc.hop-dong-dat/v2.yaml", v2, 200)).ReadAsJsonAsync<PublishResult>();
        ok!.Published.ShouldBe(1);

        var diff = await app.Host.GetAsJson<List<DiffLine>>("/api/procedures/chung-thuc.hop-dong-dat/diff?from=1&to=2");
        diff!.Select(d => d.ToString()).ShouldBe(["~ step review.budget_hours: 8 h → 6 h", "~ step sign.budget_hours: 4 h → 6 h"]);

        var changed = v2.Replace("Thẩm định hợp đồng", "Thẩm định hợp đồng (sửa)");
        var refused = await (await Publish("procedures/chung-thuc.hop-dong-dat/v2.yaml", changed, 409)).ReadAsJsonAsync<PublishResult>();
        refused!.Lines.ShouldContain(l => l.Contains("already published with different content") && l.Contains("v3.yaml"));

        var cli = await Cli.RunAsync(app.ConnectionString, "procedures", "diff", "chung-thuc.hop-dong-dat", "1", "2");
        cli.Exit.ShouldBe(0);
        cli.Out.ShouldContain("2 change(s)");
    }

    [Fact]
    public async Task a_version_not_yet_in_force_says_so_and_a_changed_english_step_title_is_in_the_diff()
    {
        // the fake clock stands at 2026-03-02: v2 takes effect on 2026-07-01, and changes only a step's English title
        var v2 = Shipped("ho-tich.khai-sinh").Replace("version: 1", "version: 2").Replace("effective_from: 2025-07-01", "effective_from: 2026-07-01")
            .Replace("en: \"Sign the birth certificate\"", "en: \"Sign and seal the birth certificate\"");
        (await (await Publish("procedures/ho-tich.khai-sinh/v2.yaml", v2, 200)).ReadAsJsonAsync<PublishResult>())!.Published.ShouldBe(1);

        var diff = await app.Host.GetAsJson<List<DiffLine>>("/api/procedures/ho-tich.khai-sinh/diff?from=1&to=2");
        diff!.Select(d => d.ToString()).ShouldBe([
            "~ effective_from: 2025-07-01 → 2026-07-01",
            "~ step sign.title.en: Sign the birth certificate → Sign and seal the birth certificate"]);

        var page = await (await app.Host.Scenario(s => { s.Get.Url("/quy-trinh/ho-tich.khai-sinh"); s.WithRequestHeader("Authorization", app.Bearer("ho-thi-xuan")); }))
            .ReadAsTextAsync();
        page.ShouldContain("data-state=\"in_force\">Đang có hiệu lực");   // v1 until v2 takes effect
        page.ShouldContain("data-state=\"not_yet\">Chưa có hiệu lực (từ 01/07/2026)");
    }

    [Fact]
    public async Task an_invalid_file_is_refused_with_path_line_and_column_and_nothing_is_written()
    {
        var bad = Shipped("ho-kinh-doanh.dang-ky").Replace("version: 1", "version: 2").Replace("role: vt.economic-officer", "role: wizard");
        var result = await (await Publish("procedures/ho-kinh-doanh.dang-ky/v2.yaml", bad, 422)).ReadAsJsonAsync<PublishResult>();
        var error = result!.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("procedures/ho-kinh-doanh.dang-ky/v2.yaml");
        error.Line.ShouldBe(bad.Split('\n').ToList().FindIndex(l => l.Contains("wizard")) + 1);
        error.Message.ShouldContain("unknown role 'wizard'");
        var entry = await app.Host.GetAsJson<ProcedureCatalogEntry>("/api/procedures/ho-kinh-doanh.dang-ky");
        entry!.Versions.Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_publish_without_the_acting_person_is_refused()
    {
        await app.Host.Scenario(s =>
        {
            s.Post.Json(new PublishProcedures([new ProcedureFileUpload("procedures/x/v1.yaml", "x: 1")])).ToUrl("/api/procedures/publish");
            s.WithRequestHeader("Authorization", AppFixture.Anonymous);
            s.StatusCodeShouldBe(401);
        });
    }

    [Fact]
    public async Task retiring_a_version_is_recorded_and_shown()
    {
        await app.Host.Scenario(s =>
        {
            s.Post.Json(new RetireProcedure("Thay thế bởi quy trình mới")).ToUrl("/api/procedures/y-te.co-so-lao-dong-khuyet-tat/versions/1/retire");
            s.WithRequestHeader("Authorization", app.Bearer("ho-thi-xuan"));
            s.StatusCodeShouldBe(200);
        });
        var entry = await app.Host.GetAsJson<ProcedureCatalogEntry>("/api/procedures/y-te.co-so-lao-dong-khuyet-tat");
        entry!.Versions.Single().Retired.ShouldBeTrue();
        var show = await Cli.RunAsync(app.ConnectionString, "procedures", "show", "y-te.co-so-lao-dong-khuyet-tat");
        show.Out.ShouldContain("(retired)");
        await app.Host.Scenario(s =>
        {
            s.Post.Json(new RetireProcedure("x")).ToUrl("/api/procedures/y-te.co-so-lao-dong-khuyet-tat/versions/9/retire");
            s.WithRequestHeader("Authorization", app.Bearer("ho-thi-xuan"));
            s.StatusCodeShouldBe(409);
        });
    }

    [Fact]
    public async Task unknown_procedure_is_404()
    {
        await app.Host.Scenario(s => { s.Get.Url("/api/procedures/khong-ton-tai"); s.StatusCodeShouldBe(404); });
        await app.Host.Scenario(s => { s.Get.Url("/api/procedures/ho-tich.khai-sinh/versions/5"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task the_due_endpoint_and_the_deadline_verb_agree()
    {
        var http = await app.Host.GetAsJson<IsoEdms.Calendars.DueAnswer>("/api/calendar/due?calendar=vn-gov&from=2026-02-12T10:00:00%2B07:00&limit=3%20working%20days");
        http!.Due.ShouldBe("2026-02-24T10:00:00+07:00");
        var cli = await Cli.RunAsync(app.ConnectionString, "deadline", "--calendar", "vn-gov", "--from", "2026-02-12T10:00:00+07:00", "--limit", "3 working days", "--json");
        cli.Exit.ShouldBe(0);
        cli.Out.Trim().ShouldBe("{\"due\":\"2026-02-24T10:00:00+07:00\",\"due_date\":\"2026-02-24\"}");
        await app.Host.Scenario(s => { s.Get.Url("/api/calendar/due?calendar=vn-gov&from=yesterday&limit=3%20weeks"); s.StatusCodeShouldBe(400); s.ContentShouldContain("from"); s.ContentShouldContain("limit"); });
        await app.Host.Scenario(s => { s.Get.Url("/api/calendar/due?calendar=vn-moon&from=2026-02-12T10:00:00%2B07:00&limit=same%20day"); s.StatusCodeShouldBe(404); });
    }
}
