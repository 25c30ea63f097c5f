using System.Text.Json;
using Alba;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Timeliness;
using IsoEdms.Monitoring;
using IsoEdms.Tests.Cases;
using Marten;

namespace IsoEdms.Tests.Monitoring;

/// <summary>The at-risk report on a live case, moved along the fake clock in working time.</summary>
public class AtRiskTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private static readonly string[] Keys = ["code", "step", "unit", "holder", "due", "used", "state", "breach_probability"];

    private async Task<AtRiskRow> RowOf(string code, string unit)
    {
        var json = await seeded.App.Host.GetAsText($"/api/reports/at-risk?unit={unit}");
        using var doc = JsonDocument.Parse(json);
        doc.RootElement.EnumerateArray().ShouldAllBe(r => r.EnumerateObject().Select(p => p.Name).SequenceEqual(Keys));
        return JsonSerializer.Deserialize<List<AtRiskRow>>(json, Recomputation.Json)!.Single(r => r.Code == code);
    }

    [Fact]
    public async Task a_received_step_goes_from_on_track_to_at_risk_at_three_quarters_of_its_budget_and_then_overdue()
    {
        var api = new CaseApi(seeded.App);
        var c = await api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");   // receive: 2 working hours
        api.AdvanceWorking(TimeSpan.FromMinutes(60));
        var row = await RowOf(c.Code, "xa-quang-dien");
        (row.Step, row.Used, row.State).ShouldBe(("receive", 0.5m, RiskStates.OnTrack));
        api.AdvanceWorking(TimeSpan.FromMinutes(30));
        (await RowOf(c.Code, "xa-quang-dien")).State.ShouldBe(RiskStates.AtRisk);
        api.AdvanceWorking(TimeSpan.FromMinutes(45));
        row = await RowOf(c.Code, "xa-quang-dien");
        (row.Used, row.State).ShouldBe((1.125m, RiskStates.Overdue));
        // the CLI and the API say the same
        var cli = await Cli.RunAsync(seeded.App.ConnectionString, "report", "at-risk", "--unit", "xa-quang-dien", "--as-of", api.Now.ToString("O"), "--format", "json");
        cli.Exit.ShouldBe(0, cli.Err);
        JsonSerializer.Deserialize<List<AtRiskRow>>(cli.Out, Recomputation.Json)!.Single(r => r.Code == c.Code).ShouldBe(row);
    }

    [Fact]
    public async Task the_work_queue_and_the_dashboard_list_a_step_once_it_is_at_risk_and_not_before()
    {
        var api = new CaseApi(seeded.App);
        var c = await api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        async Task<string> AtRiskSection(string url)
        {
            var page = await (await seeded.App.Host.Scenario(s => { s.Get.Url(url); s.WithRequestHeader("Authorization", seeded.App.Bearer("tran-van-binh")); })).ReadAsTextAsync();
            var start = page.IndexOf("id=\"at-risk\"", StringComparison.Ordinal);
            start.ShouldBeGreaterThan(0, url);
            return page[start..page.IndexOf("</section>", start, StringComparison.Ordinal)];
        }
        api.AdvanceWorking(TimeSpan.FromMinutes(30));
        (await AtRiskSection("/viec-cua-toi?unit=xa-quang-dien")).ShouldNotContain(c.Code);
        api.AdvanceWorking(TimeSpan.FromMinutes(70));
        var queue = await AtRiskSection("/viec-cua-toi?unit=xa-quang-dien");
        queue.ShouldContain($"data-code=\"{c.Code}\" data-state=\"at_risk\"");
        queue.ShouldContain("Có nguy cơ trễ");
        queue.ShouldContain("Chứng thực hợp đồng");   // the procedure by its title
        (await AtRiskSection("/bang-dieu-khien?unit=xa-quang-dien")).ShouldContain(c.Code);
    }

    [Fact]
    public async Task a_unit_sees_only_its_steps_and_bad_input_names_the_field()
    {
        var api = new CaseApi(seeded.App);
        var c = await api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        var other = await seeded.App.Host.GetAsText("/api/reports/at-risk?unit=phuong-thuan-hoa");
        other.ShouldNotContain(c.Code);
        var bad = await seeded.App.Host.Scenario(s => { s.Get.Url("/api/reports/at-risk?as_of=yesterday"); s.StatusCodeShouldBe(400); });
        (await bad.ReadAsTextAsync()).ShouldContain("as_of");
        var usage = await Cli.RunAsync(seeded.App.ConnectionString, "report", "at-risk", "--as-of", "yesterday");
        usage.Exit.ShouldBe(2);
        usage.Err.ShouldContain("--as-of");
    }
}

/// <summary>The at-risk report as of a past moment of 5,000 imported dossiers: the open cases of that moment, judged then.</summary>
public class AtRiskAsOfTests(ImportedDemoCases demo) : IClassFixture<ImportedDemoCases>
{
    private static readonly DateTimeOffset Moment = new(2026, 6, 15, 10, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task as_of_a_past_moment_every_case_open_then_is_listed_once_judged_then_the_likeliest_to_be_late_first()
    {
        var cli = await Cli.RunAsync(demo.App.ConnectionString, "report", "at-risk", "--as-of", Moment.ToString("O"), "--format", "json");
        cli.Exit.ShouldBe(0, cli.Err);
        var rows = JsonSerializer.Deserialize<List<AtRiskRow>>(cli.Out, Recomputation.Json)!;

        // open then, from the raw events: received by the moment, with no result, refusal or stop by then
        await using var q = demo.App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await q.Events.QueryAllRawEvents()
            .Where(e => e.EventTypeName == "case_received" || e.EventTypeName == "case_finished" || e.EventTypeName == "case_refused"
                        || e.EventTypeName == "case_stopped" || e.EventTypeName == "case_delivered").ToListAsync();
        var received = events.Select(e => e.Data).OfType<CaseReceived>().Where(r => r.At <= Moment).ToDictionary(r => r.CaseId, r => r.Code);
        var ended = events.Select(e => e.Data).OfType<ICaseEvent>().Where(e => e is not CaseReceived && e.At <= Moment).Select(e => e.CaseId).ToHashSet();
        var open = received.Where(r => !ended.Contains(r.Key)).Select(r => r.Value).Order(StringComparer.Ordinal).ToList();
        open.Count.ShouldBeGreaterThan(20);
        rows.Select(r => r.Code).Order(StringComparer.Ordinal).ShouldBe(open);

        foreach (var r in rows)
        {
            r.State.ShouldBe(r.Due < Moment ? RiskStates.Overdue : r.Used >= Risk.DefaultAtRiskAt ? RiskStates.AtRisk : RiskStates.OnTrack, r.Code);
            r.BreachProbability.ShouldNotBeNull(r.Code);
            r.BreachProbability.Value.ShouldBeInRange(0, 1);
        }
        rows.Select(r => r.BreachProbability).ShouldBe(rows.Select(r => r.BreachProbability).OrderByDescending(p => p), "the likeliest first");
        rows.ShouldContain(r => r.BreachProbability > 0 && r.BreachProbability < 1);
        rows.Select(r => r.State).Distinct().Count().ShouldBeGreaterThan(1);

        // the API answers the same rows
        var api = await demo.App.Host.GetAsText($"/api/reports/at-risk?as_of={Uri.EscapeDataString(Moment.ToString("O"))}");
        api.ShouldBe(cli.Out.TrimEnd());
    }
}
