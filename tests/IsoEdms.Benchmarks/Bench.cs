using IsoEdms.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace IsoEdms.Benchmarks;

/// <summary>
/// <c>bench --scale small|medium|province [--out FILE.json]</c>: one run on a fresh database measures the app (its own
/// process, Kestrel on loopback) against what the same machine does without it, in the same run: a CRUD baseline on the
/// same HTTP framework and a raw binary COPY. Machines here are shared and noisy: compare the ratios.
/// </summary>
public static class Bench
{
    private sealed record Scale(string Name, int Cases, int Seconds, int Repeats);

    private static readonly Scale[] Scales = [new("small", 5_000, 3, 3), new("medium", 70_000, 5, 3), new("province", 700_000, 5, 3)];

    public const string QualityOfficer = "ho-thi-xuan";

    /// <summary>The event store's schema: the raw SQL here names it, so any role's search path will do.</summary>
    private const string Schema = IsoEdms.Infrastructure.MartenSetup.Schema;

    public static async Task<int> RunAsync(string[] args)
    {
        var scaleName = Option(args, "--scale") ?? "small";
        var scale = Scales.FirstOrDefault(s => s.Name == scaleName);
        if (scale is null) { Console.Error.WriteLine($"bench: --scale must be small, medium or province, not '{scaleName}'"); return 2; }
        if (Option(args, "--cases") is { } cases)
        {
            if (!int.TryParse(cases, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1) { Console.Error.WriteLine($"bench: --cases must be a positive whole number, not '{cases}'"); return 2; }
            scale = scale with { Cases = n };
        }
        var commandsOnly = args.Contains("--commands-only");
        var importOnly = args.Contains("--import-only");
        if (commandsOnly && importOnly) { Console.Error.WriteLine("bench: --commands-only and --import-only measure different things; give one"); return 2; }
        var outFile = Option(args, "--out");
        var clock = TimeProvider.System;
        var total = clock.GetTimestamp();

        var admin = Environment.GetEnvironmentVariable("ISOEDMS_DB");
        if (admin is null)
        {   // the embedded default: start it (installs PostgreSQL 15 and creates the cluster on a fresh machine)
            var script = Path.Combine(Path.GetDirectoryName(FindProcesses())!, "infra", "db.sh");
            using var db0 = Process.Start(new ProcessStartInfo("bash", [script, "start"]) { UseShellExecute = false })!;
            await db0.WaitForExitAsync();
            if (db0.ExitCode != 0) { Console.Error.WriteLine("bench: the embedded PostgreSQL did not start (infra/db.sh start)"); return 1; }
            admin = IsoEdms.Infrastructure.Database.Resolve();   // the embedded default, on ISOEDMS_PG_PORT when set
        }
        // --reuse-db NAME: measure the app on a database an earlier run of the same scale already imported (kept when that run
        // was stopped after its import); that run's import and COPY rates are passed in with --import-rate and --copy-rate.
        var reuse = Option(args, "--reuse-db");
        var db = reuse ?? $"isoedms_bench_{Guid.NewGuid():N}"[..24];
        var cs = reuse is null
            ? await ThrowawayDatabase.CreateAsync(admin, db, commandTimeout: 600)
            : new NpgsqlConnectionStringBuilder(admin) { Database = db, CommandTimeout = 600 }.ConnectionString;
        var work = Directory.CreateTempSubdirectory("isoedms-bench-").FullName;
        var app = new AppProcess(Path.Combine(AppContext.BaseDirectory, "IsoEdms.dll"), cs, PrepareProcesses(work));
        var results = new Measured();
        try
        {
            Step($"{scale.Name}: {scale.Cases:N0} dossiers, database {db}{(reuse is null ? "" : " (reused: no import, no COPY)")}");
            foreach (var verb in new[] { "calendars publish", "org load", "procedures publish", "surveys publish", "users demo-passwords" })
                await app.RunAsync(verb.Split(' '));
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh")).DateTime);
            if (commandsOnly) { }   // the command throughput against CRUD alone, on an empty store: a quick look while working on the write path
            else if (reuse is not null)
            {
                results["import_events_per_s"] = Stat.Of(double.Parse(Option(args, "--import-rate") ?? "NaN", CultureInfo.InvariantCulture));
                results["copy_rows_per_s"] = Stat.Of(double.Parse(Option(args, "--copy-rate") ?? "NaN", CultureInfo.InvariantCulture));
            }
            else
            {
            var data = Path.Combine(work, "cases.jsonl");
            await app.RunAsync(["demo", "generate", "--cases", scale.Cases.ToString(CultureInfo.InvariantCulture), "--seed", "7",
                "--from", $"{today.AddDays(-365):yyyy-MM-dd}", "--to", $"{today.AddDays(-1):yyyy-MM-dd}", "--out", data]);

            // ---- import against COPY
            Step("import");
            var before = await Scalar<long>(cs, $"SELECT count(*) FROM {Schema}.mt_events");
            var empty = Path.Combine(work, "empty.jsonl");
            await File.WriteAllTextAsync(empty, "");
            var startup = await Timed(() => app.RunAsync(["import", empty]), clock);
            var import = await Timed(() => app.RunAsync(["import", data, "--by", "bench"]), clock);
            var events = await Scalar<long>(cs, $"SELECT count(*) FROM {Schema}.mt_events");
            results["import_events_per_s"] = Stat.Of((events - before) / Math.Max(0.001, import - startup));
            Step($"import: {events - before:N0} events in {import - startup:0.0} s (start-up {startup:0.0} s excluded)");
            results["copy_rows_per_s"] = await CopyRowsPerSecond(cs, work, scale.Repeats, clock);
            if (importOnly)
            {   // the import against COPY alone, on a fresh store: a quick look while working on the import
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"\n| measure | median |\n|---|---:|\n| import_events_per_s | {results["import_events_per_s"].Median:#,0} |\n| copy_rows_per_s | {results["copy_rows_per_s"].Median:#,0} |\n| ratio_import_vs_copy | {Ratio(results["import_events_per_s"], results["copy_rows_per_s"])} |\n\n{scale.Cases:N0} dossiers: {clock.GetElapsedTime(total).TotalMinutes:0.0} min, {Environment.ProcessorCount} CPUs"));
                return 0;
            }
            }

            // ---- the app
            Step("app: start, statistics catch up, corrective actions for one nonconformity in ten");
            await using (var server = await app.StartAsync())
            {
                if (!commandsOnly)
                {
                    await WaitCaughtUp(cs, clock, TimeSpan.FromMinutes(60));
                    await OpenCorrectiveActions(cs, server.Url);
                }

                // The app and the two baselines (the CRUD product and bare Marten, served by this process) are measured in
                // turn within each repeat, so that a ratio compares figures taken minutes apart at most: this machine's speed
                // drifts by up to a half within the hour, which measuring each side's repeats in one block let into the ratios.
                Step("commands: the app, the CRUD baseline and Marten's floor in turn, each repeat");
                await using var crud = await CrudBaseline.StartAsync(cs);
                await using var floor = await MartenFloor.StartAsync(cs);
                var measured = new Dictionary<string, List<double>>();
                void Add(string key, double value) => (measured.TryGetValue(key, out var list) ? list : measured[key] = []).Add(value);
                // the CPU a completion cost at the best round: the whole machine, and PostgreSQL's share when it runs here
                void AddCpu(string prefix, CpuMeter.PerOperation cpu)
                {
                    Add($"{prefix}complete_cpu_ms", cpu.MachineMs);
                    if (cpu.PostgresMs is { } pg) Add($"{prefix}complete_pg_cpu_ms", pg);
                }
                for (var r = 0; r < scale.Repeats; r++)
                {
                    var (rc, cc, cpu) = await Throughput(server.Url, "/api/cases", id => $"/api/cases/{id}/steps/receive/complete", ReceiptBody, DeskOf, scale.Seconds, warmUp: r == 0, server.Process);
                    Add("receive_per_s", rc);
                    Add("complete_per_s", cc);
                    AddCpu("", cpu);
                    Add("complete_app_cpu_ms", cpu.AppMs);
                    // every client at the desks of one unit: its dossier numbers come from one counter
                    Add("receive_one_unit_per_s", (await Throughput(server.Url, "/api/cases", id => $"/api/cases/{id}/steps/receive/complete", OneUnitReceiptBody, OneUnitDeskOf, scale.Seconds, warmUp: false)).Receive);
                    (rc, cc, cpu) = await Baseline(crud.Url, "/crud", scale, warmUp: r == 0);
                    Add("crud_receive_per_s", rc);
                    Add("crud_complete_per_s", cc);
                    AddCpu("crud_", cpu);
                    (rc, cc, cpu) = await Baseline(floor.Url, "/floor", scale, warmUp: r == 0);
                    Add("floor_receive_per_s", rc);
                    Add("floor_complete_per_s", cc);
                    AddCpu("floor_", cpu);
                }
                foreach (var (key, values) in measured) results[key] = Stat.Of(values);
                if (commandsOnly) goto commandsDone;

                Step("projection lag while completions run at half their best rate");
                var lags = new List<double>();
                for (var r = 0; r < scale.Repeats; r++) lags.Add(await ProjectionLagP99(server.Url, cs, results["complete_per_s"].Median / 2, scale.Seconds, clock));
                results["projection_lag_p99_ms"] = Stat.Of(lags);
                await WaitCaughtUp(cs, clock, TimeSpan.FromMinutes(10));

                Step("report and replay");
                var unit = await Scalar<string>(cs, $"SELECT lead_unit FROM {Schema}.timeliness_case GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
                var year = $"from={today.AddDays(-365):yyyy-MM-dd}&to={today:yyyy-MM-dd}";
                string[] reports = [$"/api/reports/timeliness?unit={unit}&by=person&level=step&{year}", $"/api/reports/timeliness?unit={unit}&by=month&{year}"];
                results["report_p95_ms"] = Stat.Of(await Repeat(scale.Repeats, () => LatencyP95(server.Url, Enumerable.Range(0, 30).Select(i => reports[i % 2]).ToList(), clock)));
                var replays = new List<string>();
                await using (var conn = await Open(cs))
                await using (var cmd = new NpgsqlCommand($"SELECT case_id, received FROM {Schema}.timeliness_case ORDER BY md5(case_id::text) LIMIT 200", conn))
                await using (var reader = await cmd.ExecuteReaderAsync())
                    while (await reader.ReadAsync())
                        replays.Add($"/api/audit/cases/{reader.GetGuid(0)}?asOf={DateOnly.FromDateTime(reader.GetDateTime(1)).AddDays(2):yyyy-MM-dd}T10:00:00%2B07:00");
                results["replay_p95_ms"] = Stat.Of(await Repeat(scale.Repeats, () => LatencyP95(server.Url, replays.OrderBy(_ => Random.Shared.Next()).Take(60).ToList(), clock)));
                Step("backtest of the breach probability: the at-risk report as of past moments, against how each case ended");
                var (precision, recall, judged, statePrecision, stateRecall) = await Backtest(server.Url, cs, today);
                results["at_risk_precision"] = Stat.Of(precision);
                results["at_risk_recall"] = Stat.Of(recall);
                results["at_risk_judged"] = Stat.Of(judged);
                results["at_risk_state_precision"] = Stat.Of(statePrecision);
                results["at_risk_state_recall"] = Stat.Of(stateRecall);
                results["rss_mb_steady"] = Stat.Of(await Repeat(scale.Repeats, async () => { await Task.Delay(1000); return server.RssMb(); }));
            }

            commandsDone:
            if (commandsOnly)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"\n| measure | median |\n|---|---:|\n{string.Join("\n", results.Select(r => $"| {r.Key} | {Shown(r.Key, r.Value.Median)} |"))}\n| ratio_complete_vs_crud | {Ratio(results["complete_per_s"], results["crud_complete_per_s"])} |\n| ratio_receive_vs_crud | {Ratio(results["receive_per_s"], results["crud_receive_per_s"])} |\n| ratio_floor_complete_vs_crud | {Ratio(results["floor_complete_per_s"], results["crud_complete_per_s"])} |\n| ratio_complete_vs_floor | {Ratio(results["complete_per_s"], results["floor_complete_per_s"])} |\n| ratio_ceiling_complete_vs_crud | {CeilingRatio(results)} |"));
                return 0;
            }

            Step("rebuild every projection from the events (app stopped)");
            var allEvents = await Scalar<long>(cs, $"SELECT count(*) FROM {Schema}.mt_events");
            var rebuilds = new List<double>();
            for (var r = 0; r < (scale.Name == "province" ? 1 : scale.Repeats); r++)
                rebuilds.Add(allEvents / await Timed(() => app.RunAsync(["projections", "rebuild"]), clock));
            results["rebuild_events_per_s"] = Stat.Of(rebuilds);

            var json = new Dictionary<string, object>();
            foreach (var key in Keys) json[key] = Math.Round(results[key].Median, key.EndsWith("_ms", StringComparison.Ordinal) ? 1 : key.StartsWith("at_risk_", StringComparison.Ordinal) && key != "at_risk_judged" ? 2 : 0);
            foreach (var key in CpuKeys.Where(results.ContainsKey)) json[key] = Math.Round(results[key].Median, 2);
            json["ratio_complete_vs_crud"] = Ratio(results["complete_per_s"], results["crud_complete_per_s"]);
            json["ratio_receive_vs_crud"] = Ratio(results["receive_per_s"], results["crud_receive_per_s"]);
            json["ratio_floor_complete_vs_crud"] = Ratio(results["floor_complete_per_s"], results["crud_complete_per_s"]);
            json["ratio_complete_vs_floor"] = Ratio(results["complete_per_s"], results["floor_complete_per_s"]);
            json["ratio_import_vs_copy"] = Ratio(results["import_events_per_s"], results["copy_rows_per_s"]);
            if (CeilingRatio(results) is { } ceiling) json["ratio_ceiling_complete_vs_crud"] = ceiling;
            json["scale"] = scale.Name;
            json["cases"] = await Scalar<long>(cs, $"SELECT count(*) FROM {Schema}.mt_doc_casedetails");
            json["events"] = allEvents;
            json["postgresql_version"] = await Scalar<string>(cs, "SHOW server_version");
            json["marten_version"] = Version(typeof(Marten.IDocumentStore));
            json["wolverine_version"] = Version(typeof(Wolverine.IMessageBus));

            Console.WriteLine($"\n| measure | median | min | max |\n|---|---:|---:|---:|");
            foreach (var key in Keys)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {results[key].Median:#,0.#} | {results[key].Min:#,0.#} | {results[key].Max:#,0.#} |"));
            foreach (var key in CpuKeys.Where(results.ContainsKey))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {Shown(key, results[key].Median)} | {Shown(key, results[key].Min)} | {Shown(key, results[key].Max)} |"));
            foreach (var key in json.Keys.Where(k => !Keys.Contains(k) && !CpuKeys.Contains(k))) Console.WriteLine($"| {key} | {json[key]} | | |");
            Console.WriteLine($"\n{scale.Name}: {clock.GetElapsedTime(total).TotalMinutes:0.0} min, {Environment.ProcessorCount} CPUs");
            if (outFile is not null) await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        finally
        {
            if (reuse is null) await ThrowawayDatabase.DropAsync(admin, db);
            Directory.Delete(work, recursive: true);
        }
    }

    private static readonly string[] Keys =
    [
        "receive_per_s", "receive_one_unit_per_s", "complete_per_s", "crud_receive_per_s", "crud_complete_per_s", "floor_receive_per_s", "floor_complete_per_s", "import_events_per_s", "copy_rows_per_s",
        "projection_lag_p99_ms", "rebuild_events_per_s", "report_p95_ms", "replay_p95_ms", "rss_mb_steady",
        "at_risk_precision", "at_risk_recall", "at_risk_judged", "at_risk_state_precision", "at_risk_state_recall",
    ];

    /// <summary>
    /// Milliseconds of CPU per completion at the best round (<see cref="CpuMeter"/>): the machine's, PostgreSQL's (when it runs
    /// on this machine) and the app process's own. A baseline serves from the benchmark's process, so its figure includes its
    /// clients; so does the app's machine figure.
    /// </summary>
    private static readonly string[] CpuKeys =
        ["complete_cpu_ms", "complete_pg_cpu_ms", "complete_app_cpu_ms", "crud_complete_cpu_ms", "crud_complete_pg_cpu_ms", "floor_complete_cpu_ms", "floor_complete_pg_cpu_ms"];

    /// <summary>A figure as printed: CPU milliseconds with two decimals, any other figure in <paramref name="otherwise"/>.</summary>
    private static string Shown(string key, double value, string otherwise = "#,0") =>
        value.ToString(CpuKeys.Contains(key) ? "0.00" : otherwise, CultureInfo.InvariantCulture);

    /// <summary>
    /// The most the app could reach against the CRUD baseline on this machine, were its own process free: the CRUD's CPU per
    /// completion over the least an app's completion can cost, which is its PostgreSQL time plus what the CRUD's completion
    /// costs outside PostgreSQL (the clients, the kernel, the CRUD's own server). Both runs fill the two cores at their best
    /// round, so CPU per completion sets the rate. Null when PostgreSQL runs elsewhere or a figure is missing.
    /// </summary>
    private static double? CeilingRatio(Dictionary<string, Stat> results) =>
        results.TryGetValue("complete_pg_cpu_ms", out var pg) && results.TryGetValue("crud_complete_cpu_ms", out var crud) && results.TryGetValue("crud_complete_pg_cpu_ms", out var crudPg)
            ? Math.Round(crud.Median / (pg.Median + crud.Median - crudPg.Median), 2) : null;

    /// <summary>The figures of the run, each printed as soon as it is measured (a long run can be followed, or stopped, with what it has).</summary>
    private sealed class Measured : Dictionary<string, Stat>
    {
        public new Stat this[string key]
        {
            get => base[key];
            set
            {
                base[key] = value;
                Console.Error.WriteLine($"  {key}: {Shown(key, value.Median, "#,0.#")} (min {Shown(key, value.Min, "#,0.#")}, max {Shown(key, value.Max, "#,0.#")})");
            }
        }
    }

    public sealed record Stat(double Median, double Min, double Max)
    {
        public static Stat Of(params IEnumerable<double> values)
        {
            var v = values.Order().ToList();
            return new Stat(v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2, v[0], v[^1]);
        }
    }

    private static double Ratio(Stat a, Stat b) => Math.Round(a.Median / b.Median, 2);

    private static string Version(Type t) =>
        (t.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).FirstOrDefault() as System.Reflection.AssemblyInformationalVersionAttribute)
        ?.InformationalVersion.Split('+')[0] ?? t.Assembly.GetName().Version!.ToString();

    /// <summary>Client n works at the one-stop desk of commune n (dossier numbers are counted per unit and year).</summary>
    private static object ReceiptBody(string key, int client) =>
        new { procedure = "chung-thuc.hop-dong-dat", receiving_unit = ScaleOrg.Desks[client % ScaleOrg.Desks.Count].Unit, applicant = new { name = "Lê Văn Tám" }, idempotency_key = key };

    private static string DeskOf(int client) => ScaleOrg.Desks[client % ScaleOrg.Desks.Count].Person;

    /// <summary>Client n at one of the two desks of the first commune.</summary>
    private static object OneUnitReceiptBody(string key, int client) => ReceiptBody(key, 0);

    private static string OneUnitDeskOf(int client) => client % 2 == 0 ? ScaleOrg.Desks[0].Person : ScaleOrg.SecondDesk(ScaleOrg.Desks[0].Person);

    private static void Step(string what) => Console.Error.WriteLine($"[{TimeProvider.System.GetLocalNow():HH:mm:ss}] {what}");

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    private static async Task<List<double>> Repeat(int n, Func<Task<double>> measure)
    {
        var values = new List<double>();
        for (var i = 0; i < n; i++) values.Add(await measure());
        return values;
    }

    private static async Task<double> Timed(Func<Task> action, TimeProvider clock)
    {
        var t = clock.GetTimestamp();
        await action();
        return clock.GetElapsedTime(t).TotalSeconds;
    }

    /// <summary>A copy of processes/ with the benchmark-scale organisation added to org/.</summary>
    private static string FindProcesses()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "processes", "procedures"))) return Path.Combine(d.FullName, "processes");
        throw new InvalidOperationException("no processes/ folder above " + AppContext.BaseDirectory);
    }

    private static string PrepareProcesses(string work)
    {
        var source = FindProcesses();
        var target = Path.Combine(work, "processes");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        File.WriteAllText(Path.Combine(target, "org", "scale.yaml"), ScaleOrg.Yaml());
        return target;
    }

    // ---- throughput ------------------------------------------------------------------------------------------

    /// <summary>
    /// Best of 1, 4 and 16 concurrent clients: receipts per second, then completions of the received cases' first step, and
    /// the CPU a completion cost at the best completions' round (the machine, PostgreSQL, and <paramref name="app"/> when the
    /// server is that process; a baseline serves from this process, beside its clients).
    /// </summary>
    private static async Task<(double Receive, double Complete, CpuMeter.PerOperation Cpu)> Throughput(string url, string receivePath, Func<Guid, string> completePath,
        Func<string, int, object> body, Func<int, string> personOf, int seconds, bool warmUp, Process? app = null)
    {
        double bestReceive = 0, bestComplete = 0;
        var cpu = CpuMeter.Per(default, 0);
        foreach (var round in warmUp ? new[] { 0, 1, 4, 16 } : [1, 4, 16])   // 0: one untimed client warms both endpoints up
        {
            var clients = Math.Max(round, 1);
            var received = Enumerable.Range(0, clients).Select(_ => new ConcurrentQueue<(Guid Id, long Version)>()).ToArray();   // each client completes its own receipts
            var (count, receiving) = await Drive(url, clients, seconds, personOf, async (http, n, i) =>
            {
                var (id, version) = await Receive(http, receivePath, body($"b-{clients}-{n}-{i}-{Guid.NewGuid():N}", n));
                if (id == Guid.Empty) return false;
                received[n].Enqueue((id, version));
                return true;
            });
            // a client whose receipts are all completed stops (null): it would otherwise spin beside the server it measures
            var ((done, completing), spent) = await CpuMeter.MeasureAsync(app, () => Drive(url, clients, seconds, personOf, async (http, n, _) =>
                received[n].TryDequeue(out var c) ? (await http.PostAsJsonAsync(completePath(c.Id), new { version = c.Version })).IsSuccessStatusCode : null));
            if (round == 0) continue;
            bestReceive = Math.Max(bestReceive, count / receiving);
            if (done / completing > bestComplete) (bestComplete, cpu) = (done / completing, CpuMeter.Per(spent, done));
            Console.Error.WriteLine($"  {url} {clients,2} client(s): {count / receiving,6:0} receipts/s, {done / completing,6:0} completions/s{(received.All(q => q.IsEmpty) ? $" (every receipt completed in {completing:0.0} s)" : "")}; CPU per completion: {CpuMeter.Per(spent, done)}");
        }
        return (Math.Round(bestReceive), Math.Round(bestComplete), cpu);
    }

    /// <summary>
    /// One repeat of a baseline server's receipts and completions, measured as the app's are (its cases under
    /// <paramref name="prefix"/>/cases): the CRUD product (<see cref="CrudBaseline"/>) or bare Marten (<see cref="MartenFloor"/>).
    /// </summary>
    private static Task<(double Receive, double Complete, CpuMeter.PerOperation Cpu)> Baseline(string url, string prefix, Scale scale, bool warmUp) =>
        Throughput(url, $"{prefix}/cases", id => $"{prefix}/cases/{id}/complete",
            (key, n) => new { idempotencyKey = key, receivingUnit = ScaleOrg.Desks[n % ScaleOrg.Desks.Count].Unit }, DeskOf, scale.Seconds, warmUp);

    private static async Task<(Guid Id, long Version)> Receive(HttpClient http, string path, object body)
    {
        var r = await http.PostAsJsonAsync(path, body);
        if (!r.IsSuccessStatusCode) return (Guid.Empty, 0);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return (doc.RootElement.GetProperty("id").GetGuid(), doc.RootElement.GetProperty("version").GetInt64());
    }

    /// <summary>
    /// <paramref name="clients"/> clients, each repeating <paramref name="op"/> (true: it succeeded) for <paramref name="seconds"/>
    /// or until <paramref name="op"/> answers null (nothing left for that client): the operations that succeeded and the
    /// seconds the clients worked, the window or less when every client ran out before its end.
    /// </summary>
    private static async Task<(int Ok, double Seconds)> Drive(string url, int clients, int seconds, Func<int, string> personOf, Func<HttpClient, int, int, Task<bool?>> op)
    {
        var ok = 0;
        var until = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async n =>
        {
            using var http = Client(url, personOf(n));
            for (var i = 0; until.Elapsed.TotalSeconds < seconds; i++)
            {
                if (await op(http, n, i) is not { } succeeded) break;
                if (succeeded) Interlocked.Increment(ref ok);
            }
        }));
        return (ok, Math.Min(until.Elapsed.TotalSeconds, seconds));
    }

    private static readonly ConcurrentDictionary<(string Url, string User), string> Tokens = new();

    /// <summary>A client signed in as <paramref name="user"/> with the demo password (one sign-in per user and app run, outside the timings).</summary>
    public static HttpClient Client(string url, string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        var token = Tokens.GetOrAdd((url, user), k => SignInAsync(http, k.User).GetAwaiter().GetResult());
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return http;
    }

    /// <summary>The app's sign-in, or the CRUD baseline's (the same BearerToken handler, its default JSON names).</summary>
    private static async Task<string> SignInAsync(HttpClient http, string user)
    {
        var crud = CrudBaseline.Urls.ContainsKey(http.BaseAddress!.ToString().TrimEnd('/'));
        var r = await http.PostAsJsonAsync(crud ? "/crud/token" : "/api/auth/token", new { person = user, password = IsoEdms.Access.Passwords.Demo });
        var body = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in of {user}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty(crud ? "accessToken" : "access_token").GetString()!;
    }

    // ---- projection lag --------------------------------------------------------------------------------------

    /// <summary>
    /// Completions paced at <paramref name="rate"/> per second from four clients while another connection samples, every
    /// 50 ms, how old the oldest event is that an asynchronous projection has not processed yet: the p99 of the samples.
    /// </summary>
    private static async Task<double> ProjectionLagP99(string url, string cs, double rate, int seconds, TimeProvider clock)
    {
        var needed = (int)Math.Ceiling(rate * seconds * 1.1) + 4;
        var pools = Enumerable.Range(0, 4).Select(_ => new ConcurrentQueue<(Guid, long)>()).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async n =>
        {
            using var http = Client(url, DeskOf(n));
            for (var i = n; i < needed; i += 4)
                if (await Receive(http, "/api/cases", ReceiptBody($"lag-{Guid.NewGuid():N}", n)) is { Id: var id, Version: var v } && id != Guid.Empty) pools[n].Enqueue((id, v));
        }));
        await WaitCaughtUp(cs, clock, TimeSpan.FromMinutes(5));

        var samples = new List<double>();
        var start = clock.GetTimestamp();
        var next = -1;
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(async n =>
        {
            using var http = Client(url, DeskOf(n));
            var pool = pools[n];
            for (;;)
            {
                var i = Interlocked.Increment(ref next);
                var due = TimeSpan.FromSeconds(i / rate);
                if (due.TotalSeconds >= seconds || !pool.TryDequeue(out var c)) return;   // client n takes every 4th slot on average
                var wait = due - clock.GetElapsedTime(start);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                await http.PostAsJsonAsync($"/api/cases/{c.Item1}/steps/receive/complete", new { version = c.Item2 });
            }
        }));
        await using (var conn = await Open(cs))
            while (!load.IsCompleted)
            {
                samples.Add(await LagMs(conn));
                await Task.Delay(50);
            }
        await load;
        samples.Sort();
        return samples.Count == 0 ? 0 : samples[(int)Math.Min(samples.Count - 1, Math.Ceiling(samples.Count * 0.99) - 1)];
    }

    /// <summary>
    /// Age of the oldest event an asynchronous projection has not processed. Both shards must have their progression
    /// row: a daemon just started on a full store has none yet, which means "nothing processed", not "caught up".
    /// </summary>
    private const string LagSql = $"""
        SELECT coalesce(extract(epoch FROM clock_timestamp() - (
            SELECT e.timestamp FROM {Schema}.mt_events e
            WHERE e.seq_id > (SELECT CASE WHEN count(*) < 2 THEN 0 ELSE min(last_seq_id) END FROM {Schema}.mt_event_progression
                              WHERE name IN ('Timeliness:All', 'DocumentRegister:All'))
            ORDER BY e.seq_id LIMIT 1)) * 1000, 0)::float8
        """;

    private static async Task<double> LagMs(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand(LagSql, conn);
        return (double)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task WaitCaughtUp(string cs, TimeProvider clock, TimeSpan limit)
    {
        var start = clock.GetTimestamp();
        await using var conn = await Open(cs);
        while (await LagMs(conn) > 0)
        {
            if (clock.GetElapsedTime(start) > limit) throw new TimeoutException($"the asynchronous projections did not catch up within {limit}");
            await Task.Delay(200);
        }
    }

    // ---- latency ---------------------------------------------------------------------------------------------

    private static async Task<double> LatencyP95(string url, IReadOnlyList<string> paths, TimeProvider clock)
    {
        using var http = Client(url, QualityOfficer);
        (await http.GetAsync(paths[0])).EnsureSuccessStatusCode();   // warm
        var times = new List<double>();
        foreach (var path in paths)
        {
            var t = clock.GetTimestamp();
            using var r = await http.GetAsync(path);
            await r.Content.ReadAsByteArrayAsync();
            times.Add(clock.GetElapsedTime(t).TotalMilliseconds);
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        times.Sort();
        return times[(int)Math.Ceiling(times.Count * 0.95) - 1];
    }

    /// <summary>
    /// "Will be late", judged at ten past moments of the generated year (10:00 on every 30th day back from 40 days ago)
    /// with the history before each moment only, against how each case judged then ended (finished cases; refused and
    /// stopped ones end neither late nor in time). Predicted late: a breach probability of 0.5 or more. Beside it, the
    /// plain state as a predictor (at risk or overdue), to show what the probability adds.
    /// </summary>
    private static async Task<(double Precision, double Recall, double Judged, double StatePrecision, double StateRecall)> Backtest(string url, string cs, DateOnly today)
    {
        using var http = Client(url, QualityOfficer);
        var judged = new List<(string Code, double? P, string State)>();
        for (var back = 40; back <= 310; back += 30)
        {
            var moment = new DateTimeOffset(today.AddDays(-back).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(7));
            var r = await http.GetAsync($"/api/reports/at-risk?as_of={Uri.EscapeDataString(moment.ToString("O", CultureInfo.InvariantCulture))}");
            var body = await r.Content.ReadAsStringAsync();
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"at-risk as of {moment:O}: {(int)r.StatusCode} {body}");
            using var doc = JsonDocument.Parse(body);
            foreach (var row in doc.RootElement.EnumerateArray())
                judged.Add((row.GetProperty("code").GetString()!, row.GetProperty("breach_probability").ValueKind == JsonValueKind.Null ? null : row.GetProperty("breach_probability").GetDouble(),
                    row.GetProperty("state").GetString()!));
        }
        var late = new Dictionary<string, bool>();
        await using (var conn = await Open(cs))
        await using (var cmd = new NpgsqlCommand($"SELECT d.code, c.classification = 'late' FROM {Schema}.mt_doc_casedetails d JOIN {Schema}.timeliness_case c ON c.case_id = d.id WHERE d.code = ANY($1) AND c.outcome = 'finished'", conn)
                     { Parameters = { new() { Value = judged.Select(j => j.Code).Distinct().ToArray() } } })
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) late[reader.GetString(0)] = reader.GetBoolean(1);
        var known = judged.Where(j => late.ContainsKey(j.Code)).ToList();
        static (double, double) Score(IEnumerable<(bool Predicted, bool Late)> xs)
        {
            var list = xs.ToList();
            double tp = list.Count(x => x.Predicted && x.Late), fp = list.Count(x => x.Predicted && !x.Late), fn = list.Count(x => !x.Predicted && x.Late);
            return (tp + fp == 0 ? 0 : tp / (tp + fp), tp + fn == 0 ? 0 : tp / (tp + fn));
        }
        var (precision, recall) = Score(known.Select(j => (j.P >= 0.5, late[j.Code])));
        var (statePrecision, stateRecall) = Score(known.Select(j => (j.State != "on_track", late[j.Code])));
        Console.Error.WriteLine($"  backtest: {known.Count} judgements of finished cases, {known.Count(j => late[j.Code])} of them ended late");
        return (Math.Round(precision, 3), Math.Round(recall, 3), known.Count, Math.Round(statePrecision, 3), Math.Round(stateRecall, 3));
    }

    // ---- data ------------------------------------------------------------------------------------------------

    /// <summary>One corrective action for every ten nonconformities the import raised (opened through the API).</summary>
    private static async Task OpenCorrectiveActions(string cs, string url)
    {
        var ids = new List<Guid>();
        await using (var conn = await Open(cs))
        await using (var cmd = new NpgsqlCommand($"SELECT id FROM {Schema}.mt_doc_nonconformityview ORDER BY id", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        using var http = Client(url, QualityOfficer);
        foreach (var id in ids.Where((_, i) => i % 10 == 0))
        {
            var r = await http.PostAsJsonAsync("/api/corrective-actions", new { nonconformities = new[] { id }, title = "Rà soát quy trình để giảm hồ sơ trễ hạn / review the procedure to cut late dossiers" });
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"opening a corrective action: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        Console.Error.WriteLine($"  {ids.Count:N0} nonconformities, {(ids.Count + 9) / 10:N0} corrective actions opened");
    }

    /// <summary>
    /// Raw Npgsql binary COPY of the very rows the import stored (exported to a file first, untimed) into a table with
    /// the same columns and indexes as the event table.
    /// </summary>
    private static async Task<Stat> CopyRowsPerSecond(string cs, string work, int repeats, TimeProvider clock)
    {
        var file = Path.Combine(work, "events.copy");
        long rows;
        await using (var conn = await Open(cs))
        {
            await using (var export = await conn.BeginRawBinaryCopyAsync($"COPY (SELECT * FROM {Schema}.mt_events ORDER BY seq_id) TO STDOUT (FORMAT BINARY)"))
            await using (var f = File.Create(file))
                await export.CopyToAsync(f);
            rows = await Scalar<long>(cs, $"SELECT count(*) FROM {Schema}.mt_events");
        }
        var values = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            await Sql(cs, $"DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE {Schema}.mt_events INCLUDING INDEXES)");
            var seconds = await Timed(async () =>
            {
                await using var conn = await Open(cs);
                await using var import = await conn.BeginRawBinaryCopyAsync("COPY bench_copy FROM STDIN (FORMAT BINARY)");
                await using var f = File.OpenRead(file);
                await f.CopyToAsync(import);
            }, clock);
            values.Add(rows / seconds);
        }
        await Sql(cs, "DROP TABLE bench_copy");
        File.Delete(file);
        Console.Error.WriteLine($"  COPY of {rows:N0} event rows: median {Stat.Of(values).Median:N0} rows/s");
        return Stat.Of(values);
    }

    private static async Task<NpgsqlConnection> Open(string cs)
    {
        var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        return conn;
    }

    private static async Task<T> Scalar<T>(string cs, string sql)
    {
        await using var conn = await Open(cs);
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task Sql(string cs, string sql)
    {
        await using var conn = await Open(cs);
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
