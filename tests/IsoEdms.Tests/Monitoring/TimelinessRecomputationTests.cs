using System.Globalization;
using System.Text.Json;
using Alba;
using IsoEdms.Domain.Timeliness;
using IsoEdms.Infrastructure;
using IsoEdms.Monitoring;
using IsoEdms.Tests.Cases;
using Marten;
using Marten.Events;
using static IsoEdms.Tests.Monitoring.Recomputation;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace IsoEdms.Tests.Monitoring;

/// <summary>5,000 generated dossiers through the import, once per class, and what the tests recompute from their events.</summary>
public sealed class ImportedDemoCases : IAsyncLifetime
{
    public SeededApp Seeded { get; } = new();
    public AppFixture App => Seeded.App;
    public List<C> Cases { get; private set; } = [];
    public Dictionary<(string, string, DateOnly, DateOnly), List<string>> Reports { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Seeded.InitializeAsync();
        var file = Path.Combine(Directory.CreateTempSubdirectory("isoedms-stats-").FullName, "cases.jsonl");
        (await Cli.RunAsync(App.ConnectionString, "demo", "generate", "--cases", "5000", "--seed", "5", "--from", "2025-07-01", "--to", "2026-11-20", "--out", file)).Exit.ShouldBe(0);
        var import = await Cli.RunAsync(App.ConnectionString, "import", file);
        import.Out.ShouldContain("imported 5000, already imported 0, rejected 0 of 5000");
        await App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(3));
        Cases = await RecomputeAsync(App.ConnectionString);
        Reports = await AllReportsAsync(App);
    }

    public Task DisposeAsync() => Seeded.DisposeAsync();
}

/// <summary>Every figure of the timeliness report equals a recomputation from the raw events, and survives a rebuild.</summary>
public class TimelinessRecomputationTests(ImportedDemoCases demo) : IClassFixture<ImportedDemoCases>
{
    /// <summary>The day the app's fake clock says it is: a report's period that has not ended is judged as of this day.</summary>
    private DateOnly Today => IsoEdms.Organisation.OrgLoad.Today(demo.App.Clock);

    [Fact]
    public void the_generated_data_covers_every_ending_and_open_cases()
    {
        demo.Cases.Count.ShouldBe(5000);
        demo.Cases.Count(c => c.Outcome == "finished").ShouldBeGreaterThan(3000);
        demo.Cases.Count(c => c.Outcome is null).ShouldBeGreaterThan(0);
        demo.Cases.SelectMany(c => c.Steps).Count(s => s.Ending == "returned").ShouldBeGreaterThan(0);
    }

    [Fact]
    public void every_row_of_every_view_and_period_equals_the_recomputation()
    {
        foreach (var ((by, level, from, to), rows) in demo.Reports)
            rows.ShouldBe(Expected(demo.Cases, by, level, from, to, Today), $"{by}/{level} {from}..{to}");
    }

    [Fact]
    public void a_period_not_yet_ended_judges_overdue_cases_as_of_today_not_as_of_its_end()
    {
        Expected(demo.Cases, "unit", "case", new(2025, 7, 1), new(2026, 11, 30), new(2026, 11, 30))
            .ShouldNotBe(demo.Reports[("unit", "case", new(2025, 7, 1), new(2026, 11, 30))]);
    }

    [Fact]
    public async Task a_full_rebuild_gives_the_same_case_documents_and_the_same_rows()
    {
        var store = demo.App.Host.Services.GetRequiredService<IDocumentStore>();
        var coordinator = demo.App.Host.Services.GetRequiredService<IProjectionCoordinator>();
        async Task<string> Details()
        {
            await using var q = store.QuerySession();
            return string.Join("\n", (await q.Query<IsoEdms.Cases.CaseDetails>().ToListAsync()).OrderBy(d => d.Id).Select(d => JsonSerializer.Serialize(d)));
        }
        var details = await Details();
        // pause the hosted daemon, rebuild with the command line's own, resume
        await coordinator.PauseAsync();
        CliResult rebuild;
        try
        {
            (await Cli.RunAsync(demo.App.ConnectionString, "projections", "rebuild", "NoSuchProjection")).Exit.ShouldBe(1);
            rebuild = await Cli.RunAsync(demo.App.ConnectionString, "projections", "rebuild");   // every projection, inline ones too
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
        rebuild.Exit.ShouldBe(0, rebuild.Err);
        rebuild.Err.ShouldContain($"rebuilt {TimelinessProjection.ProjectionName} in");
        (await Details()).ShouldBe(details);
        foreach (var (key, rows) in await AllReportsAsync(demo.App)) rows.ShouldBe(demo.Reports[key], $"after the rebuild: {key}");
    }

    [Fact]
    public async Task statistics_tables_lost_are_created_again_and_a_rebuild_of_their_projection_alone_fills_them_with_the_same_rows()
    {
        await using (var conn = new Npgsql.NpgsqlConnection(demo.App.ConnectionString))
        {
            await conn.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP TABLE {MartenSetup.Schema}.timeliness_step, {MartenSetup.Schema}.timeliness_case", conn);
            await drop.ExecuteNonQueryAsync();
        }
        // the next report creates the tables again (empty: the projection has seen every event already)
        var body = await demo.App.Host.GetAsText("/api/reports/timeliness?by=unit&from=2026-03-01&to=2026-03-31");
        JsonSerializer.Deserialize<List<TimelinessRow>>(body, Json)!.ShouldBeEmpty();
        var coordinator = demo.App.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        CliResult rebuild;
        try
        {
            rebuild = await Cli.RunAsync(demo.App.ConnectionString, "projections", "rebuild", TimelinessProjection.ProjectionName);
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
        rebuild.Exit.ShouldBe(0, rebuild.Err);
        foreach (var (key, rows) in await AllReportsAsync(demo.App)) rows.ShouldBe(demo.Reports[key], $"after the rebuild of the statistics alone: {key}");
    }

    [Fact]
    public async Task one_units_report_by_person_and_by_month_equals_the_recomputation()
    {
        // the benchmark's report, for a commune that received transferred steps
        var leads = demo.Cases.Select(c => c.Lead).ToHashSet();
        var unit = demo.Cases.SelectMany(c => c.Steps.Where(s => s.Unit != c.Lead && leads.Contains(s.Unit))).GroupBy(s => s.Unit).OrderByDescending(g => g.Count()).First().Key;
        foreach (var (by, level) in new[] { ("person", "step"), ("month", "case"), ("month", "step"), ("unit", "case") })
        {
            var body = await demo.App.Host.GetAsText($"/api/reports/timeliness?unit={unit}&by={by}&level={level}&from=2025-11-01&to=2026-10-31");
            var rows = JsonSerializer.Deserialize<List<TimelinessRow>>(body, Json)!.Select(Counts).ToList();
            rows.ShouldBe(Expected(demo.Cases, by, level, new(2025, 11, 1), new(2026, 10, 31), Today, unit), $"{unit} by {by}/{level}");
            rows.ShouldNotBeEmpty();
            if (by == "month") rows.Count.ShouldBe(12);
        }
    }

    [Fact]
    public async Task the_command_line_gives_the_api_rows_and_csv_with_the_national_keys()
    {
        // the CLI runs on the real clock: the report is taken as of the app's day
        var cli = await Cli.RunAsync(demo.App.ConnectionString, "report", "timeliness", "--by", "unit", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json",
            "--as-of", $"{Today:yyyy-MM-dd}");
        cli.Exit.ShouldBe(0);
        JsonSerializer.Deserialize<List<TimelinessRow>>(cli.Out, Json)!.Select(Counts).ShouldBe(demo.Reports[("unit", "case", new(2026, 3, 1), new(2026, 3, 31))]);
        (await Cli.RunAsync(demo.App.ConnectionString, "report", "timeliness", "--by", "unit", "--from", "2026-03-01", "--to", "2026-03-31", "--as-of", "2026-02-30"))
            .Exit.ShouldBe(2);
        var csv = await Cli.RunAsync(demo.App.ConnectionString, "report", "timeliness", "--by", "person", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "csv");
        // for a spreadsheet: a byte-order mark, then the headings in Vietnamese (the JSON keeps the keys of the national columns)
        csv.Out.Split('\n')[0].ShouldBe("\uFEFFMã,Tên,Tiếp nhận,Đã giải quyết,Trước hạn,Đúng hạn,Quá hạn,Từ chối,Dừng xử lý,Đang giải quyết,Đang giải quyết quá hạn");
    }

    [Fact]
    public async Task the_spreadsheet_in_the_national_layout_carries_the_same_figures_with_percentages_of_the_processed()
    {
        var xlsx = await demo.App.Host.Scenario(s => s.Get.Url("/api/reports/timeliness?by=unit&from=2026-03-01&to=2026-03-31&format=xlsx"));
        var bytes = new MemoryStream();
        await xlsx.Context.Response.Body.CopyToAsync(bytes);
        bytes.Position = 0;
        var sheet = MiniExcelLibs.MiniExcel.Query(bytes, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        var json = JsonSerializer.Deserialize<List<TimelinessRow>>(await demo.App.Host.GetAsText("/api/reports/timeliness?by=unit&from=2026-03-01&to=2026-03-31"), Json)!;
        sheet.Select(r => (Convert.ToString(r["Mã / Code"], CultureInfo.InvariantCulture), Convert.ToInt32(r["Tiếp nhận / Received"], CultureInfo.InvariantCulture), Convert.ToInt32(r["Đã giải quyết / Processed"], CultureInfo.InvariantCulture)))
            .ShouldBe(json.Select(r => ((string?)r.Key, r.Received, r.Finished)));
        foreach (var (row, r) in sheet.Zip(json).Where(p => p.Second.Finished > 0))
            Convert.ToDouble(row["Tỷ lệ trước hạn (%)"], CultureInfo.InvariantCulture).ShouldBe(Math.Round(100.0 * r.Early / r.Finished, 1));
    }
}
