using System.Text.Json;
using Alba;
using IsoEdms.Quality;
using IsoEdms.Tests.Cases;
using Marten;
using Wolverine;

namespace IsoEdms.Tests.Quality;

/// <summary>The ISO 10.2 loop over HTTP: a finding, its correction, a corrective action through review, closure.</summary>
public class QualityLoopTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);
    private const string Officer = "ho-thi-xuan";

    private async Task<T> Post<T>(string url, object body, int status = 200) =>
        (await (await _api.Send(url, body, Officer, status)).ReadAsJsonAsync<T>())!;

    [Fact]
    public async Task a_finding_closes_only_after_its_corrective_action_is_verified_effective()
    {
        (await _api.Fail("/api/nonconformities", new RaiseNonconformity("step_late", "minor", "xa-quang-dien", null, "x"), Officer, 422)).Errors!.Keys.ShouldBe(["source"]);
        var nc = await Post<NonconformityView>("/api/nonconformities",
            new RaiseNonconformity("audit_finding", "major", "xa-quang-dien", "le-thi-hoa", "Sổ chứng thực không ghi đủ số hồ sơ (đánh giá nội bộ 2026)"), 201);
        nc.Code.ShouldStartWith("NC-2026-");
        // the register's page says the source, severity and state in words, not the codes the API keeps
        var page = await (await seeded.App.Host.Scenario(s =>
        {
            s.Get.Url($"/chat-luong/khong-phu-hop/{nc.Id}");
            s.WithRequestHeader("Authorization", seeded.App.Bearer(Officer));
        })).ReadAsTextAsync();
        page.ShouldContain("Phát hiện đánh giá nội bộ");
        page.ShouldContain("Nghiêm trọng");
        page.ShouldContain("Đang mở");
        page.ShouldNotContain(">audit_finding<");
        page.ShouldNotContain("major");
        nc = await Post<NonconformityView>($"/api/nonconformities/{nc.Id}/correction", new CorrectNonconformity(nc.Version, "Bổ sung số vào sổ"));
        (await _api.Fail($"/api/nonconformities/{nc.Id}/correction", new CorrectNonconformity(nc.Version - 1, "lại"), Officer, 409)).Status.ShouldBe(409);

        var ca = await Post<CorrectiveActionView>("/api/corrective-actions", new OpenCorrectiveAction([nc.Id], null, "tran-van-binh", "Kiểm soát sổ chứng thực"), 201);
        nc = (await seeded.App.Host.GetAsJson<NonconformityView>($"/api/nonconformities/{nc.Id}"))!;
        nc.CorrectiveActions.ShouldBe([ca.Code]);
        (await _api.Fail($"/api/nonconformities/{nc.Id}/close", new CloseNonconformity(nc.Version), Officer, 422)).Detail.ShouldContain(ca.Code);

        ca = await Post<CorrectiveActionView>($"/api/corrective-actions/{ca.Id}/containment", new RecordContainment(ca.Version, "Rà soát toàn bộ sổ tháng này"));
        (await _api.Fail($"/api/corrective-actions/{ca.Id}/actions", new PlanAction(ca.Version, "Mẫu sổ mới", "pham-thi-lan", new DateOnly(2026, 12, 31)), Officer, 422))
            .Errors!.Keys.ShouldBe(["root_cause"]);
        ca = await Post<CorrectiveActionView>($"/api/corrective-actions/{ca.Id}/root-cause", new RecordRootCause(ca.Version, "method", "Mẫu sổ cũ không có cột số hồ sơ"));
        var due = DateOnly.FromDateTime(_api.Now.UtcDateTime).AddDays(3);
        ca = await Post<CorrectiveActionView>($"/api/corrective-actions/{ca.Id}/actions", new PlanAction(ca.Version, "Ban hành mẫu sổ mới", "pham-thi-lan", due));

        // past its due date: flagged once, however often the job runs
        _api.AdvanceTo(_api.Now.AddDays(5));
        using (var scope = seeded.App.Host.Services.CreateScope())
        {
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            await bus.InvokeAsync(new FlagOverdueActions());
            await bus.InvokeAsync(new FlagOverdueActions());
        }
        await using (var session = seeded.App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession())
            (await session.Events.FetchStreamAsync(ca.Id)).Count(e => e.EventTypeName == "action_overdue_flagged").ShouldBe(1);
        ca = (await seeded.App.Host.GetAsJson<CorrectiveActionView>($"/api/corrective-actions/{ca.Id}"))!;
        ca.Actions.Single().Overdue.ShouldBeTrue();

        ca = await Post<CorrectiveActionView>($"/api/corrective-actions/{ca.Id}/actions/1/complete", new CompleteAction(ca.Version, "Đã ban hành"));
        ca = await Post<CorrectiveActionView>($"/api/corrective-actions/{ca.Id}/review", new ReviewEffectiveness(ca.Version, null, "Kiểm tra tháng sau: vẫn thiếu 3 số", false));
        ca.Status.ShouldBe("reopened");
        (await _api.Fail($"/api/corrective-actions/{ca.Id}/review", new ReviewEffectiveness(ca.Version, null, "lại", true), Officer, 422)).Detail.ShouldContain("complete a new action");
        (await _api.Fail($"/api/corrective-actions/{ca.Id}/close", new CloseCorrectiveAction(ca.Version), Officer, 422)).Detail.ShouldContain("effectiveness");
        ca = await Post<CorrectiveActionView>($"/api/corrective-actions/{ca.Id}/actions", new PlanAction(ca.Version, "Đào tạo văn thư", "pham-thi-lan", due.AddDays(30)));
        ca = await Post<CorrectiveActionView>($"/api/corrective-actions/{ca.Id}/actions/2/complete", new CompleteAction(ca.Version, null));
        ca = await Post<CorrectiveActionView>($"/api/corrective-actions/{ca.Id}/review", new ReviewEffectiveness(ca.Version, null, "Hai tháng liền đủ số", true));
        ca = await Post<CorrectiveActionView>($"/api/corrective-actions/{ca.Id}/close", new CloseCorrectiveAction(ca.Version));
        ca.Status.ShouldBe("closed");

        nc = (await seeded.App.Host.GetAsJson<NonconformityView>($"/api/nonconformities/{nc.Id}"))!;
        nc = await Post<NonconformityView>($"/api/nonconformities/{nc.Id}/close", new CloseNonconformity(nc.Version));
        nc.Status.ShouldBe("closed");

        var report = await Cli.RunAsync(seeded.App.ConnectionString, "report", "nonconformities", "--by", "person", "--format", "json");
        report.Exit.ShouldBe(0);
        using var doc = JsonDocument.Parse(report.Out);
        var row = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("key").GetString() == "le-thi-hoa");
        (row.GetProperty("raised").GetInt32(), row.GetProperty("closed").GetInt32(), row.GetProperty("major").GetInt32()).ShouldBe((1, 1, 1));
        row.GetProperty("by_source").GetProperty("audit_finding").GetInt32().ShouldBe(1);
        var cas = await Cli.RunAsync(seeded.App.ConnectionString, "report", "corrective-actions", "--format", "csv");
        cas.Out.ShouldContain($"{ca.Code},Kiểm soát sổ chứng thực,xa-quang-dien,tran-van-binh,closed,2,0,0,");
    }
}
