using System.Globalization;
using Alba;
using IsoEdms.Audit;
using IsoEdms.Cases;
using IsoEdms.Cases.Suspending;
using IsoEdms.Cases.Working;
using IsoEdms.Tests.Cases;

namespace IsoEdms.Tests.Audit;

/// <summary>The case as it stood at several business moments: suspended, transferred, sent back.</summary>
public class AsOfTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);

    private async Task<AsOfView> At(Guid id, DateTimeOffset at) =>
        (await seeded.App.Host.GetAsJson<AsOfView>($"/api/audit/cases/{id}?asOf={Uri.EscapeDataString(at.ToString("O"))}"))!;

    [Fact]
    public async Task the_state_as_of_each_moment_is_built_from_the_events_up_to_it()
    {
        var t0 = _api.NextWorkingDay(8);
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        var due0 = c.Case!.Due;
        var t1 = _api.AdvanceWorking(TimeSpan.FromMinutes(30));
        c = await _api.Act($"/api/cases/{c.Id}/steps/receive/complete", new CompleteStep(c.Version, null), "nguyen-van-an");
        var t2 = _api.AdvanceWorking(TimeSpan.FromHours(1));
        c = await _api.Act($"/api/cases/{c.Id}/suspend", new SuspendCase(c.Version, "supplement", ["Bản chính hợp đồng"], null), "le-thi-hoa");
        var t3 = _api.AdvanceWorking(TimeSpan.FromHours(3));
        c = await _api.Act($"/api/cases/{c.Id}/resume", new ResumeCase(c.Version), "le-thi-hoa");
        var t4 = _api.AdvanceWorking(TimeSpan.FromMinutes(20));
        c = await _api.Act($"/api/cases/{c.Id}/transfer", new TransferCase(c.Version, "xa-dan-dien", "Thửa đất thuộc xã Đan Điền"), "le-thi-hoa");
        var t5 = _api.AdvanceWorking(TimeSpan.FromHours(1));
        c = await _api.Act($"/api/cases/{c.Id}/steps/review/complete", new CompleteStep(c.Version, "approve"), "dang-van-hung");
        var t6 = _api.AdvanceWorking(TimeSpan.FromHours(1));
        c = await _api.Act($"/api/cases/{c.Id}/return", new ReturnCase(c.Version, "review", "Thiếu trang 2"), "tran-van-binh");

        // before the receipt there is no case yet
        await seeded.App.Host.Scenario(s => { s.Get.Url($"/api/audit/cases/{c.Id}?asOf={Uri.EscapeDataString(t0.AddMinutes(-1).ToString("O"))}"); s.StatusCodeShouldBe(404); });

        var v = await At(c.Id, t0);
        (v.Status, v.CurrentStep, v.CurrentUnit, v.Holder, v.Due, v.Version).ShouldBe(("in_progress", "receive", "xa-quang-dien", "nguyen-van-an", due0, 2L));
        v = await At(c.Id, t1.AddMinutes(1));
        (v.CurrentStep, v.Holder).ShouldBe(("review", null));
        v = await At(c.Id, t2.AddHours(1));
        (v.Status, v.SuspendedFor, v.SuspendedSince, v.Due).ShouldBe(("suspended", "supplement", t2, due0));
        v = await At(c.Id, t3);
        (v.Status, v.SuspendedFor, v.Due).ShouldBe(("in_progress", null, _api.Calendar.AddWorkingTime(due0, TimeSpan.FromHours(3))));
        v = await At(c.Id, t4.AddMinutes(5));
        (v.CurrentStep, v.CurrentUnit).ShouldBe(("review", "xa-dan-dien"));
        v = await At(c.Id, t5.AddMinutes(5));
        (v.CurrentStep, v.CurrentUnit).ShouldBe(("sign", "xa-quang-dien"));
        v = await At(c.Id, t6);
        (v.CurrentStep, v.CurrentUnit, v.Version).ShouldBe(("review", "xa-quang-dien", c.Version));

        // by stream version, and through the CLI by dossier code
        (await seeded.App.Host.GetAsJson<AsOfView>($"/api/audit/cases/{c.Case!.Code}?version=5"))!.Status.ShouldBe("suspended");
        var cli = await Cli.RunAsync(seeded.App.ConnectionString, "audit", "case", c.Case.Code, "--as-of", t4.AddMinutes(5).ToString("O"));
        cli.Exit.ShouldBe(0, cli.Err);
        cli.Out.ShouldContain("step review at xa-dan-dien");
        var history = (await seeded.App.Host.GetAsJson<List<HistoryEntry>>($"/api/audit/cases/{c.Case.Code}/history"))!;
        history.Select(h => h.Type).ShouldBe(["case_received", "step_started", "step_completed", "step_started", "case_suspended", "case_resumed",
            "case_transferred", "step_completed", "step_started", "case_returned", "step_started"]);
        history.ShouldAllBe(h => h.Seal.Length == 64 && h.ProcedureVersion == 1 && h.CorrelationId != null);
        history.Single(h => h.Type == "case_transferred").ShouldSatisfyAllConditions(h => h.By.ShouldBe("le-thi-hoa"), h => h.Unit.ShouldBe("xa-quang-dien"), h => h.At.ShouldBe(t4));

        // exports for outside auditors
        var json = System.Text.Json.Nodes.JsonNode.Parse(await seeded.App.Host.GetAsText($"/api/audit/cases/{c.Case.Code}/export"))!;
        (json["chain_intact"]!.GetValue<bool>(), json["events"]!.AsArray().Count).ShouldBe((true, 11));
        var html = await seeded.App.Host.GetAsText($"/api/audit/cases/{c.Id}/export?format=html");
        foreach (var text in new[] { "Mẫu số 01", "Mẫu số 06", c.Case.Code, "Trần Thị Bình", "Lê Thị Hoa", "Đặng Văn Hùng", "Chuyển đơn vị", "Trả lại bước trước", "toàn vẹn" })
            html.ShouldContain(text);
        var day = _api.Calendar.LocalDate(t0).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = (await Cli.RunAsync(seeded.App.ConnectionString, "audit", "export", "--unit", "xa-quang-dien", "--from", day, "--to", day)).Out
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldContain(l => l.Contains(c.Case.Code) && l.Contains("\"chain_intact\":true"));
    }
}
