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
        async Task<long> Stamp()
        {
            await using var q = store.QuerySession();
            return (await q.LoadAsync<IsoEdms.Organisation.OrgStamp>(IsoEdms.Organisation.OrgStamp.Key))!.Events;
        }
        var details = await Details();
        var stamp = await Stamp();
        // pause the hosted daemon, rebuild with the command line's own, resume
        await coordinator.PauseAsync();
        CliResult rebuild, folded;
        try
        {
            (await Cli.RunAsync(demo.App.ConnectionString, "projections", "rebuild", "NoSuchProjection")).Exit.ShouldBe(1);
            folded = await Cli.RunAsync(demo.App.ConnectionString, "projections", "rebuild", "NonconformityState");
            rebuild = await Cli.RunAsync(demo.App.ConnectionString, "projections", "rebuild");   // every projection, inline ones too
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
        // the quality records' write models are folded when read: nothing stored, so nothing to rebuild, and the verb says so
        folded.Exit.ShouldBe(1);
        folded.Err.ShouldContain("'NonconformityState' is folded from its stream whenever it is read and stores nothing to rebuild");
        rebuild.Exit.ShouldBe(0, rebuild.Err);
        rebuild.Err.ShouldContain($"rebuilt {TimelinessProjection.ProjectionName} in");
        rebuild.Err.ShouldNotContain("rebuilt NonconformityState");
        rebuild.Err.ShouldNotContain("rebuilt CorrectiveActionState");
        (await Details()).ShouldBe(details);
        (await Stamp()).ShouldBe(stamp);   // rebuilt from the events, the stamp counts what the inline projection counted
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
        await using var stats = new Npgsql.NpgsqlConnection(demo.App.ConnectionString);
        await stats.OpenAsync();
        DateTime rebuiltAfter;
        await using (var now = new Npgsql.NpgsqlCommand("SELECT now()", stats)) rebuiltAfter = (DateTime)(await now.ExecuteScalarAsync())!;
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
        // and the planner knows how many rows they hold again (not the empty tables the rebuild started from)
        await using var analysed = new Npgsql.NpgsqlCommand(
            $"SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = '{MartenSetup.Schema}' AND relname LIKE 'timeliness_%' AND last_analyze > $1", stats)
            { Parameters = { new() { Value = rebuiltAfter } } };
        (await analysed.ExecuteScalarAsync()).ShouldBe(4L);
    }

    [Fact]
    public async Task on_time_objectives_are_measured_month_by_month_as_a_recomputation_from_the_raw_events_and_enter_the_review_pack()
    {
        var cs = demo.App.ConnectionString;
        var unit = demo.Cases.GroupBy(c => c.Lead).OrderByDescending(g => g.Count()).First().Key;
        var procedure = demo.Cases.GroupBy(c => c.Proc).OrderByDescending(g => g.Count()).First().Key;
        var objectives = new (string Code, string? Unit, string? Procedure, decimal Target, DateOnly From, DateOnly To)[]
        {
            ("dung-han-xa", unit, null, 90, new(2025, 9, 1), new(2026, 8, 31)),
            ("dung-han-thu-tuc", null, procedure, 95, new(2026, 1, 1), new(2026, 6, 30)),
            ("dung-han-toan-tinh", null, null, 80, new(2025, 7, 15), new(2026, 12, 31)),
        };
        foreach (var o in objectives)
        {
            var args = new List<string> { "objectives", "set", "--code", o.Code, "--title", $"Tỷ lệ hồ sơ đúng hạn ≥ {o.Target} %", "--measure", "on_time_rate",
                "--target", o.Target.ToString(CultureInfo.InvariantCulture), "--from", $"{o.From:yyyy-MM-dd}", "--to", $"{o.To:yyyy-MM-dd}", "--by", "ho-thi-xuan" };
            if (o.Unit is not null) args.AddRange(["--unit", o.Unit]);
            if (o.Procedure is not null) args.AddRange(["--procedure", o.Procedure]);
            var set = await Cli.RunAsync(cs, [.. args]);
            set.Exit.ShouldBe(0, set.Err);
        }

        var asOf = new DateOnly(2026, 11, 30);
        var body = await demo.App.Host.GetAsText($"/api/objectives?as_of={asOf:yyyy-MM-dd}");
        var rows = JsonSerializer.Deserialize<List<IsoEdms.Objectives.ObjectiveReport>>(body, Json)!;
        foreach (var o in objectives)
        {
            var mine = demo.Cases.Where(c => c.Outcome == "finished" && (o.Unit is null || c.Lead == o.Unit) && (o.Procedure is null || c.Proc == o.Procedure)).ToList();
            var expected = IsoEdms.Domain.Objectives.QualityObjectives.MonthsOf(o.From, o.To, asOf).Select(m =>
            {
                var done = mine.Where(c => c.Closed >= m.First && c.Closed <= m.Last).ToList();
                return (m.Month, Part: done.Count(c => c.Cls is "early" or "on_time"), Whole: done.Count);
            }).ToList();
            decimal? Rate(int part, int whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1);
            var row = rows.Single(r => r.Code == o.Code);
            row.Months.Select(m => (m.Month, m.Value)).ShouldBe(expected.Select(e => (e.Month, Rate(e.Part, e.Whole))), o.Code);
            var overall = Rate(expected.Sum(e => e.Part), expected.Sum(e => e.Whole));
            row.Value.ShouldBe(overall, o.Code);
            overall.ShouldNotBeNull();
            row.Status.ShouldBe(overall >= o.Target ? "met" : asOf > o.To ? "missed" : "at_risk", o.Code);
            expected.Sum(e => e.Whole).ShouldBeGreaterThan(50, $"{o.Code}: enough finished dossiers to mean something");
        }

        // the command line gives the API's rows; the review pack measures the objectives of its period as of its end
        var cli = await Cli.RunAsync(cs, "objectives", "list", "--as-of", $"{asOf:yyyy-MM-dd}", "--json");
        cli.Exit.ShouldBe(0, cli.Err);
        JsonDocument.Parse(cli.Out).RootElement.GetRawText().ShouldBe(JsonDocument.Parse(body).RootElement.GetRawText());
        var pack = await Cli.RunAsync(cs, "review", "pack", "--from", "2026-01-01", "--to", "2026-03-31", "--json");
        pack.Exit.ShouldBe(0, pack.Err);
        var packed = JsonDocument.Parse(pack.Out).RootElement.GetProperty("objectives").EnumerateArray().ToList();
        packed.Select(p => p.GetProperty("code").GetString()).ShouldBe(["dung-han-thu-tuc", "dung-han-toan-tinh", "dung-han-xa"]);
        packed.ShouldAllBe(p => p.GetProperty("as_of").GetString() == "2026-03-31");
        packed[0].GetProperty("months").EnumerateArray().Select(m => m.GetProperty("month").GetString()).ShouldBe(["2026-01", "2026-02", "2026-03"]);
    }

    [Fact]
    public async Task risks_proposed_for_a_late_rate_rising_three_months_running_are_exactly_those_of_a_recomputation()
    {
        // rule 32 written out again over the raw events: every month ≥ 5 finished, the rate strictly rising, the last ≥ 10 %
        List<(string, string)> Expected(DateOnly asOf)
        {
            var first = new DateOnly(asOf.Year, asOf.Month, 1);
            var months = new[] { first.AddMonths(-3), first.AddMonths(-2), first.AddMonths(-1) };
            var found = new List<(string, string)>();
            foreach (var g in demo.Cases.Where(c => c.Outcome == "finished").GroupBy(c => (c.Proc, c.Lead)))
            {
                var figures = months.Select(m => g.Where(c => c.Closed >= m && c.Closed < m.AddMonths(1)).ToList()).Select(l => (l.Count, Late: l.Count(c => c.Cls == "late"))).ToList();
                if (figures.Any(f => f.Count < 5)) continue;
                var rates = figures.Select(f => (decimal)f.Late / f.Count).ToList();
                if (rates[0] < rates[1] && rates[1] < rates[2] && rates[2] >= 0.10m) found.Add(g.Key);
            }
            return [.. found.Order()];
        }
        // the first month of the data whose three months before it show such a rise
        var asOf = Enumerable.Range(0, 16).Select(k => new DateOnly(2025, 10, 1).AddMonths(k)).First(d => Expected(d).Count > 0);
        var body = await demo.App.Host.GetAsText($"/api/risks/proposals?as_of={asOf:yyyy-MM-dd}");
        var proposals = JsonSerializer.Deserialize<List<IsoEdms.Domain.Risks.RiskProposal>>(body, Json)!;
        proposals.Where(p => p.Reason.Contains("late rate", StringComparison.Ordinal)).Select(p => $"{p.Procedure}@{p.Unit}").Order().ShouldBe(Expected(asOf).Select(e => $"{e.Item1}@{e.Item2}"), $"as of {asOf}");
        var cli = await Cli.RunAsync(demo.App.ConnectionString, "risks", "propose", "--as-of", $"{asOf:yyyy-MM-dd}", "--json");
        JsonDocument.Parse(cli.Out).RootElement.GetRawText().ShouldBe(JsonDocument.Parse(body).RootElement.GetRawText());
    }

    [Fact]
    public async Task the_audit_programme_proposed_for_a_year_weighs_each_units_procedures_by_the_recomputed_figures_of_the_year_before()
    {
        var body = await demo.App.Host.GetAsText("/api/audits/proposal?year=2026");
        var proposal = JsonSerializer.Deserialize<List<IsoEdms.Domain.Audits.ProposedAudit>>(body, Json)!;
        var finished2025 = demo.Cases.Where(c => c.Outcome == "finished" && c.Closed is { Year: 2025 }).ToList();
        // every unit that finished dossiers in 2025 gets an audit (and a unit only with nonconformities on its dossiers too),
        // units in order of weight, at most three procedures each
        var leads = finished2025.Select(c => c.Lead).Distinct().ToList();
        leads.ShouldAllBe(u => proposal.Any(a => a.Unit == u));
        proposal.Where(a => !leads.Contains(a.Unit)).SelectMany(a => a.Procedures).ShouldAllBe(p => p.Finished == 0 && p.Nonconformities > 0);
        proposal.Select(a => a.Weight).ShouldBeInOrder(SortDirection.Descending);
        foreach (var audit in proposal)
        {
            audit.Procedures.Count.ShouldBeInRange(1, 3);
            audit.Procedures.Select(p => p.Weight).ShouldBeInOrder(SortDirection.Descending);
            foreach (var p in audit.Procedures)
            {
                var mine = finished2025.Where(c => c.Lead == audit.Unit && c.Proc == p.Procedure).ToList();
                (p.Finished, p.Late).ShouldBe((mine.Count, mine.Count(c => c.Cls == "late")), $"{audit.Unit} {p.Procedure}");
                var late = mine.Count == 0 ? 0m : Math.Round(100m * p.Late / mine.Count, 1);
                p.MonthsSinceAudit.ShouldBe(24);   // never audited
                p.Weight.ShouldBe(late + 2 * p.Nonconformities + 2 * p.RiskScore + 24, $"{audit.Unit} {p.Procedure}");
            }
            // no procedure left out weighs more than the lightest one proposed (by its late rate alone, a lower bound of its weight)
            var lightest = audit.Procedures[^1].Weight;
            finished2025.Where(c => c.Lead == audit.Unit).GroupBy(c => c.Proc).Where(g => audit.Procedures.All(p => p.Procedure != g.Key))
                .ShouldAllBe(g => Math.Round(100m * g.Count(c => c.Cls == "late") / g.Count(), 1) + 24 <= lightest);
        }
        (await Cli.RunAsync(demo.App.ConnectionString, "audits", "propose", "--year", "2026", "--json")).Out.Trim().ShouldBe(body.Trim());
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
    public async Task a_report_taken_as_of_a_past_day_counts_cases_closed_after_that_day_as_they_stood_on_it()
    {
        // the daily counts know what closed when, not what was overdue on a day before it closed: such items are taken
        // from the case and step rows; the period must hold some for this test to mean anything
        var (asOf, from, to) = (new DateOnly(2026, 3, 16), new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30));
        demo.Cases.Count(c => c.Closed > asOf && c.Closed <= to && c.Received <= asOf && c.Due < asOf && !c.StoppedOn(asOf)).ShouldBeGreaterThan(0);
        demo.Cases.SelectMany(c => c.Steps).Count(s => s.End > asOf && s.End <= to && s.Start <= asOf && s.Due < asOf).ShouldBeGreaterThan(0);
        var unit = demo.Cases.GroupBy(c => c.Lead).OrderByDescending(g => g.Count()).First().Key;
        foreach (var (by, level, ofUnit) in Views.Select(v => (v.By, v.Level, (string?)null)).Concat([("month", "case", null), ("month", "step", unit), ("person", "step", unit)]))
        {
            var body = await demo.App.Host.GetAsText($"/api/reports/timeliness?by={by}&level={level}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&as_of={asOf:yyyy-MM-dd}" +
                                                     (ofUnit is null ? "" : $"&unit={ofUnit}"));
            JsonSerializer.Deserialize<List<TimelinessRow>>(body, Json)!.Select(Counts)
                .ShouldBe(Expected(demo.Cases, by, level, from, to, asOf, ofUnit), $"{by}/{level} {ofUnit} as of {asOf}");
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
