using System.Text.Json;
using Alba;
using IsoEdms.Domain.Timeliness;
using IsoEdms.Monitoring;
using IsoEdms.Tests.Cases;
using Marten.Events;

namespace IsoEdms.Tests.Monitoring;

/// <summary>The timeliness report over units that ended: history stays with them unless rolled up.</summary>
public class TimelinessReportTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    [Fact]
    public async Task by_unit_history_stays_with_the_ended_district_unless_rolled_up_to_its_successors()
    {
        // a dossier the Quảng Điền district received in June 2025, before it ended and was split into two communes
        var file = Path.Combine(Directory.CreateTempSubdirectory("isoedms-rollup-").FullName, "district.jsonl");
        await File.WriteAllTextAsync(file, """
            {"code":"HQD-2025-000001","procedure":"chung-thuc.ban-sao","version":1,"receiving_unit":"huyen-quang-dien","applicant":{"name":"Đặng Văn Sơn"},"received_at":"2025-06-10T08:00:00+07:00","received_by":"nguyen-huu-tho","events":[]}
            """ + "\n");
        var import = await Cli.RunAsync(seeded.App.ConnectionString, "import", file, "--as-recorded");
        import.Exit.ShouldBe(0, import.Err);
        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

        async Task<List<TimelinessRow>> Report(string extra) => JsonSerializer.Deserialize<List<TimelinessRow>>(
            await seeded.App.Host.GetAsText($"/api/reports/timeliness?by=unit&from=2025-06-01&to=2025-06-30{extra}"), Recomputation.Json)!;
        (await Report("")).ShouldHaveSingleItem().ShouldSatisfyAllConditions(r => r.Key.ShouldBe("huyen-quang-dien"), r => r.Received.ShouldBe(1));
        var rolled = (await Report("&roll_up=true")).ShouldHaveSingleItem();
        (rolled.Key, rolled.Name, rolled.Received).ShouldBe(("xa-dan-dien+xa-quang-dien", "UBND xã Đan Điền + UBND xã Quảng Điền", 1));

        var cli = await Cli.RunAsync(seeded.App.ConnectionString, "report", "timeliness", "--by", "unit", "--from", "2025-06-01", "--to", "2025-06-30", "--roll-up", "--format", "json");
        cli.Exit.ShouldBe(0, cli.Err);
        JsonSerializer.Deserialize<List<TimelinessRow>>(cli.Out, Recomputation.Json)!.ShouldHaveSingleItem().Key.ShouldBe("xa-dan-dien+xa-quang-dien");
        (await Cli.RunAsync(seeded.App.ConnectionString, "report", "timeliness", "--by", "person", "--from", "2025-06-01", "--to", "2025-06-30", "--roll-up")).Exit.ShouldBe(2);
        await seeded.App.Host.Scenario(s => { s.Get.Url("/api/reports/timeliness?by=procedure&from=2025-06-01&to=2025-06-30&roll_up=true"); s.StatusCodeShouldBe(400); });
    }
}
