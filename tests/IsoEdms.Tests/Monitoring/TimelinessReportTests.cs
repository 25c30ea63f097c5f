using System.Globalization;
using System.Text.Json;
using Alba;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Timeliness;
using IsoEdms.Infrastructure;
using IsoEdms.Monitoring;
using IsoEdms.Tests.Cases;
using JasperFx.Events;
using Marten;
using Marten.Events;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace IsoEdms.Tests.Monitoring;

/// <summary>
/// 5,000 generated dossiers through the import; every report row must equal a recomputation written here from the raw
/// events, before and after a full rebuild of the statistics projection.
/// </summary>
public class TimelinessReportTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private sealed class S
    {
        public string Step = "", Unit = ""; public string? Person, Ending, Cls; public DateOnly Start, Due; public DateOnly? End;
        public DateTimeOffset DueAt; public (string Unit, string? Person)? AtDue;   // rule 14: who held it when it ran late
    }
    private sealed class C
    {
        public string Lead = "", Proc = ""; public DateOnly Received, Due; public string? Outcome, Cls; public DateOnly? Closed; public List<S> Steps = [];
        public List<(DateOnly From, DateOnly? Until, bool Step)> Stops = [];   // days the clock stood still: suspended, or in a step that stops it
        public bool StoppedOn(DateOnly d) => Stops.Any(s => s.From <= d && (s.Until is null || d < s.Until));
        public void EndStops(DateOnly d, bool? step = null) =>
            Stops = Stops.Select(s => s.Until is null && (step is null || s.Step == step) ? (s.From, (DateOnly?)d, s.Step) : s).ToList();
    }

    /// <summary>The day the app's fake clock says it is: a report's period that has not ended is judged as of this day.</summary>
    private DateOnly Today => IsoEdms.Organisation.OrgLoad.Today(seeded.App.Clock);

    private static readonly (DateOnly From, DateOnly To)[] Windows =
    [
        (new(2025, 7, 1), new(2026, 11, 30)), (new(2026, 3, 1), new(2026, 3, 31)), (new(2026, 5, 12), new(2026, 5, 12)),
        (new(2025, 9, 1), new(2025, 12, 31)), (new(2026, 11, 1), new(2026, 11, 27)),
    ];

    private static readonly (string By, string Level)[] Views = [("unit", "case"), ("procedure", "case"), ("unit", "step"), ("person", "step"), ("procedure", "step")];

    [Fact]
    public async Task every_row_equals_a_recomputation_from_the_raw_events_and_a_rebuild_gives_the_same_rows()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("isoedms-stats-").FullName, "cases.jsonl");
        (await Cli.RunAsync(seeded.App.ConnectionString, "demo", "generate", "--cases", "5000", "--seed", "5", "--from", "2025-07-01", "--to", "2026-11-20", "--out", file)).Exit.ShouldBe(0);
        var import = await Cli.RunAsync(seeded.App.ConnectionString, "import", file);
        import.Out.ShouldContain("imported 5000, already imported 0, rejected 0 of 5000");
        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(3));

        var cases = await Recompute();
        cases.Count.ShouldBe(5000);
        cases.Count(c => c.Outcome == "finished").ShouldBeGreaterThan(3000);
        cases.Count(c => c.Outcome is null).ShouldBeGreaterThan(0);
        cases.SelectMany(c => c.Steps).Count(s => s.Ending == "returned").ShouldBeGreaterThan(0);

        var before = await AllReports();
        foreach (var ((by, level, from, to), rows) in before)
            rows.ShouldBe(Expected(cases, by, level, from, to, Today), $"{by}/{level} {from}..{to}");
        // the periods that end after today judge overdue cases as of today (the sweep tests show a stopped clock left out)
        Expected(cases, "unit", "case", new(2025, 7, 1), new(2026, 11, 30), new(2026, 11, 30))
            .ShouldNotBe(before[("unit", "case", new(2025, 7, 1), new(2026, 11, 30))]);

        // a full rebuild from the events (pause the hosted daemon, rebuild with a standalone one, resume)
        var store = seeded.App.Host.Services.GetRequiredService<IDocumentStore>();
        var coordinator = seeded.App.Host.Services.GetRequiredService<IProjectionCoordinator>();
        string details;
        await using (var q = store.QuerySession())
            details = string.Join("\n", (await q.Query<IsoEdms.Cases.CaseDetails>().ToListAsync()).OrderBy(d => d.Id).Select(d => JsonSerializer.Serialize(d)));
        await coordinator.PauseAsync();
        (await Cli.RunAsync(seeded.App.ConnectionString, "projections", "rebuild", "NoSuchProjection")).Exit.ShouldBe(1);
        var rebuild = await Cli.RunAsync(seeded.App.ConnectionString, "projections", "rebuild");   // every projection, inline ones too
        await coordinator.ResumeAsync();
        rebuild.Exit.ShouldBe(0, rebuild.Err);
        rebuild.Err.ShouldContain($"rebuilt {CaseFactProjection.ProjectionName} in");
        await using (var q = store.QuerySession())
            string.Join("\n", (await q.Query<IsoEdms.Cases.CaseDetails>().ToListAsync()).OrderBy(d => d.Id).Select(d => JsonSerializer.Serialize(d))).ShouldBe(details);
        var after = await AllReports();
        foreach (var (key, rows) in after) rows.ShouldBe(before[key], $"after the rebuild: {key}");

        // a database whose facts were stored before the report's mirror existed: the mirror is installed and filled from them
        await using (var conn = new Npgsql.NpgsqlConnection(seeded.App.ConnectionString))
        {
            await conn.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand(
                $"DROP FUNCTION {MartenSetup.Schema}.timeliness_mirror() CASCADE; DROP TABLE {MartenSetup.Schema}.timeliness_step, {MartenSetup.Schema}.timeliness_case CASCADE", conn);
            await drop.ExecuteNonQueryAsync();
        }
        foreach (var (key, rows) in await AllReports()) rows.ShouldBe(before[key], $"after the mirror was installed on stored facts: {key}");

        // one unit's report, by person and by month (the benchmark's report), for a commune that received transferred steps
        var leads = cases.Select(c => c.Lead).ToHashSet();
        var unit = cases.SelectMany(c => c.Steps.Where(s => s.Unit != c.Lead && leads.Contains(s.Unit))).GroupBy(s => s.Unit).OrderByDescending(g => g.Count()).First().Key;
        foreach (var (by, level) in new[] { ("person", "step"), ("month", "case"), ("month", "step"), ("unit", "case") })
        {
            var body = await seeded.App.Host.GetAsText($"/api/reports/timeliness?unit={unit}&by={by}&level={level}&from=2025-11-01&to=2026-10-31");
            var rows = JsonSerializer.Deserialize<List<TimelinessRow>>(body, Cli_Json)!.Select(Counts).ToList();
            rows.ShouldBe(Expected(cases, by, level, new(2025, 11, 1), new(2026, 10, 31), Today, unit), $"{unit} by {by}/{level}");
            rows.ShouldNotBeEmpty();
            if (by == "month") rows.Count.ShouldBe(12);
        }

        // the CLI gives the same rows as the API (it runs on the real clock: taken as of the app's day)
        var cli = await Cli.RunAsync(seeded.App.ConnectionString, "report", "timeliness", "--by", "unit", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json",
            "--as-of", $"{Today:yyyy-MM-dd}");
        cli.Exit.ShouldBe(0);
        JsonSerializer.Deserialize<List<TimelinessRow>>(cli.Out, Cli_Json)!.Select(Counts).ShouldBe(before[("unit", "case", new(2026, 3, 1), new(2026, 3, 31))]);
        (await Cli.RunAsync(seeded.App.ConnectionString, "report", "timeliness", "--by", "unit", "--from", "2026-03-01", "--to", "2026-03-31", "--as-of", "2026-02-30"))
            .Exit.ShouldBe(2);
        var csv = await Cli.RunAsync(seeded.App.ConnectionString, "report", "timeliness", "--by", "person", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "csv");
        csv.Out.Split('\n')[0].ShouldBe("key,name,received,finished,early,on_time,late,refused,stopped,in_progress,overdue_in_progress");

        // the spreadsheet in the national layout carries the same figures, with percentages of the processed
        var xlsx = await seeded.App.Host.Scenario(s => s.Get.Url("/api/reports/timeliness?by=unit&from=2026-03-01&to=2026-03-31&format=xlsx"));
        var bytes = new MemoryStream();
        await xlsx.Context.Response.Body.CopyToAsync(bytes);
        bytes.Position = 0;
        var sheet = MiniExcelLibs.MiniExcel.Query(bytes, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        var json = JsonSerializer.Deserialize<List<TimelinessRow>>(await seeded.App.Host.GetAsText("/api/reports/timeliness?by=unit&from=2026-03-01&to=2026-03-31"), Cli_Json)!;
        sheet.Select(r => (Convert.ToString(r["Mã / Code"], CultureInfo.InvariantCulture), Convert.ToInt32(r["Tiếp nhận / Received"], CultureInfo.InvariantCulture), Convert.ToInt32(r["Đã giải quyết / Processed"], CultureInfo.InvariantCulture)))
            .ShouldBe(json.Select(r => ((string?)r.Key, r.Received, r.Finished)));
        foreach (var (row, r) in sheet.Zip(json).Where(p => p.Second.Finished > 0))
            Convert.ToDouble(row["Tỷ lệ trước hạn (%)"], CultureInfo.InvariantCulture).ShouldBe(Math.Round(100.0 * r.Early / r.Finished, 1));
    }

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
            await seeded.App.Host.GetAsText($"/api/reports/timeliness?by=unit&from=2025-06-01&to=2025-06-30{extra}"), Cli_Json)!;
        (await Report("")).ShouldHaveSingleItem().ShouldSatisfyAllConditions(r => r.Key.ShouldBe("huyen-quang-dien"), r => r.Received.ShouldBe(1));
        var rolled = (await Report("&roll_up=true")).ShouldHaveSingleItem();
        (rolled.Key, rolled.Name, rolled.Received).ShouldBe(("xa-dan-dien+xa-quang-dien", "UBND xã Đan Điền + UBND xã Quảng Điền", 1));

        var cli = await Cli.RunAsync(seeded.App.ConnectionString, "report", "timeliness", "--by", "unit", "--from", "2025-06-01", "--to", "2025-06-30", "--roll-up", "--format", "json");
        cli.Exit.ShouldBe(0, cli.Err);
        JsonSerializer.Deserialize<List<TimelinessRow>>(cli.Out, Cli_Json)!.ShouldHaveSingleItem().Key.ShouldBe("xa-dan-dien+xa-quang-dien");
        (await Cli.RunAsync(seeded.App.ConnectionString, "report", "timeliness", "--by", "person", "--from", "2025-06-01", "--to", "2025-06-30", "--roll-up")).Exit.ShouldBe(2);
        await seeded.App.Host.Scenario(s => { s.Get.Url("/api/reports/timeliness?by=procedure&from=2025-06-01&to=2025-06-30&roll_up=true"); s.StatusCodeShouldBe(400); });
    }

    private static readonly JsonSerializerOptions Cli_Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static string Counts(TimelinessRow r) =>
        $"{r.Key}: {r.Received} {r.Finished} {r.Early} {r.OnTime} {r.Late} {r.Refused} {r.Stopped} {r.InProgress} {r.OverdueInProgress}";

    private async Task<Dictionary<(string, string, DateOnly, DateOnly), List<string>>> AllReports()
    {
        var result = new Dictionary<(string, string, DateOnly, DateOnly), List<string>>();
        foreach (var (by, level) in Views)
            foreach (var (from, to) in Windows)
            {
                var json = await seeded.App.Host.GetAsText($"/api/reports/timeliness?by={by}&level={level}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
                using var doc = JsonDocument.Parse(json);
                doc.RootElement.EnumerateArray().ShouldAllBe(r => r.EnumerateObject().Select(p => p.Name).SequenceEqual(TimelinessReporting.Columns));
                result[(by, level, from, to)] = JsonSerializer.Deserialize<List<TimelinessRow>>(json, Cli_Json)!.Select(Counts).ToList();
            }
        return result;
    }

    /// <summary>The report's period rules, applied here to records rebuilt from the raw events by this test.</summary>
    private static List<string> Expected(List<C> cases, string by, string level, DateOnly from, DateOnly to, DateOnly today, string? unit = null)
    {
        if (by == "month")
        {   // each month of the period on its own, the unit's rows added up, keyed yyyy-MM
            var months = new List<string>();
            for (var m = from; m <= to; m = new DateOnly(m.Year, m.Month, 1).AddMonths(1))
            {
                var end = new DateOnly(m.Year, m.Month, 1).AddMonths(1).AddDays(-1);
                var rows = Expected(cases, "unit", level, m, end < to ? end : to, today, unit);
                if (rows.Count == 0) continue;
                var sum = rows.Select(r => r.Split(": ")[1].Split(' ').Select(int.Parse).ToArray()).Aggregate((a, b) => a.Zip(b, (x, y) => x + y).ToArray());
                months.Add($"{m:yyyy-MM}: {string.Join(" ", sum)}");
            }
            return months;
        }
        bool In(DateOnly? d) => d >= from && d <= to;
        var asOf = to < today ? to : today;
        IEnumerable<(string Key, DateOnly Start, DateOnly? End, string? Ending, string? Cls, DateOnly Due, C Case)> items = level == "case"
            ? cases.Where(c => unit is null || c.Lead == unit).Select(c => (by == "procedure" ? c.Proc : c.Lead, c.Received, c.Closed, c.Outcome, c.Cls, c.Due, c))
            : cases.SelectMany(c => c.Steps.Where(s => unit is null || s.Unit == unit).Select(s => (by switch { "procedure" => c.Proc, "person" => s.Person ?? "", _ => s.Unit },
                s.Start, s.End, s.Ending == "completed" ? "finished" : s.Ending, s.Cls, s.Due, c)));
        return items.Where(i => i.Start <= to).GroupBy(i => i.Key)
            .Select(g =>
            {
                int Finished(string cls) => g.Count(i => i.Ending == "finished" && i.Cls == cls && In(i.End));
                var open = g.Where(i => !(i.End <= to)).ToList();
                var row = new[]
                {
                    g.Count(i => In(i.Start)), Finished("early") + Finished("on_time") + Finished("late"), Finished("early"), Finished("on_time"), Finished("late"),
                    g.Count(i => i.Ending == "refused" && In(i.End)), g.Count(i => i.Ending == "stopped" && In(i.End)), open.Count, open.Count(i => i.Due < asOf && !i.Case.StoppedOn(asOf)),
                };
                return (g.Key, row);
            })
            .Where(r => r.row.Any(v => v != 0)).OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => $"{r.Key}: {string.Join(" ", r.row)}").ToList();
    }

    private async Task<List<C>> Recompute()
    {
        await using var store = DocumentStore.For(o => MartenSetup.Configure(o, seeded.App.ConnectionString, withAsyncProjections: false));
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        var cases = new Dictionary<Guid, C>();
        foreach (var e in events)
        {
            if (e.Data is CaseReceived r) { cases[e.StreamId] = new C { Lead = r.LeadUnit, Proc = r.Procedure, Received = r.ReceivedDate, Due = r.DueDate }; continue; }
            if (!cases.TryGetValue(e.StreamId, out var c)) continue;
            var open = c.Steps.LastOrDefault(s => s.End is null);
            switch (e.Data)   // the days the clock stood still
            {
                case CaseSuspended x: c.Stops.Add((x.Date!.Value, null, false)); break;
                case CaseResumed x: c.EndStops(x.Date!.Value, step: false); break;
                case StepStarted x: c.EndStops(x.Date, step: true); if (x.StopsClock) c.Stops.Add((x.Date, null, true)); break;
                case StepCompleted x: c.EndStops(x.Date, step: true); break;
                case CaseFinished x: c.EndStops(x.FinishedDate); break;
                case CaseRefused x: c.EndStops(x.Date); break;
                case CaseStopped x: c.EndStops(x.Date); break;
            }
            switch (e.Data)
            {
                case StepStarted x:
                    if (open is not null) { open.End = x.Date; open.Ending = "returned"; }
                    if (x.BudgetHours > 0) c.Steps.Add(new S { Step = x.Step, Unit = x.Unit, Person = x.Assignee, Start = x.Date, Due = x.DueDate, DueAt = x.Due });
                    break;
                case StepAssigned x when open?.Step == x.Step:
                    if (x.At > open.DueAt) open.AtDue ??= (open.Unit, open.Person);
                    open.Person = x.Assignee;
                    break;
                case CaseTransferred x when open?.Step == x.Step:
                    if (x.At > open.DueAt) open.AtDue ??= (open.Unit, open.Person);
                    (open.Unit, open.Person) = (x.ToUnit, null);
                    break;
                case StepCompleted x when open?.Step == x.Step:
                    (open.End, open.Ending) = (x.Date, "completed");
                    open.Cls = x.Classification switch { Timeliness.Early => "early", Timeliness.OnTime => "on_time", Timeliness.Late => "late", _ => null };
                    (open.Unit, open.Person) = open.Cls != "late" ? (x.Unit, x.By) : open.AtDue is { } held ? held : (open.Unit, open.Person ?? x.By);
                    break;
                case CaseResumed x: c.Due = x.DueDate; if (open?.Step == x.Step) open.Due = x.StepDueDate; break;
                case CaseDueMoved x: c.Due = x.DueDate; break;
                case CaseFinished x:
                    (c.Outcome, c.Closed, c.Due) = ("finished", x.FinishedDate, x.DueDate);
                    c.Cls = x.Classification switch { Timeliness.Early => "early", Timeliness.OnTime => "on_time", _ => "late" };
                    break;
                case CaseRefused x: (c.Outcome, c.Closed) = ("refused", x.Date); if (open is not null) (open.End, open.Ending) = (x.Date, "refused"); break;
                case CaseStopped x: (c.Outcome, c.Closed) = ("stopped", x.Date); if (open is not null) (open.End, open.Ending) = (x.Date, "stopped"); break;
            }
        }
        return cases.Values.ToList();
    }
}
