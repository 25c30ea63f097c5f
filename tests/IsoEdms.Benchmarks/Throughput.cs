using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace IsoEdms.Benchmarks;

/// <summary>
/// Commands per second through the real HTTP stack (the app as its own process, Kestrel on loopback) against a CRUD
/// baseline built here with the same framework (a case table with a status and a version, a history table; one
/// transaction per step: optimistic UPDATE + INSERT). Same machine, same run: compare the ratios, not the absolute figures.
/// Usage: dotnet run -c Release --project tests/IsoEdms.Benchmarks -- throughput [--seconds N] [--out FILE.json]
/// </summary>
public static class Throughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(5);
        var outFile = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
        var admin = Environment.GetEnvironmentVariable("ISOEDMS_DB") ?? "Host=127.0.0.1;Port=55433;Database=isoedms;Username=isoedms;Password=isoedms";
        var db = $"isoedms_bench_{Guid.NewGuid():N}"[..24];
        await Sql(admin, $"CREATE DATABASE {db}");
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = db }.ConnectionString;
        var app = Path.Combine(AppContext.BaseDirectory, "IsoEdms.dll");
        var processes = FindProcesses();
        try
        {
            foreach (var verb in new[] { "calendars publish", "org load", "procedures publish" })
                await Run(app, cs, processes, verb.Split(' '));
            var results = new Dictionary<string, object>();
            Process? server = null;
            try
            {
                var (proc, url) = await StartApp(app, cs, processes);
                server = proc;
                var (receive, complete) = await Measure(url, "/api/cases", id => $"/api/cases/{id}/steps/receive/complete",
                    key => new { procedure = "chung-thuc.hop-dong-dat", receiving_unit = "xa-quang-dien", applicant = new { name = "Lê Văn Tám" }, idempotency_key = key }, seconds);
                results["receive_per_s"] = receive;
                results["complete_per_s"] = complete;
                results["rss_mb_steady"] = Math.Round(Process.GetProcessById(proc.Id).WorkingSet64 / 1048576.0);
            }
            finally { server?.Kill(entireProcessTree: true); }

            await using (var crud = await CrudBaseline.StartAsync(cs))
            {
                var (receive, complete) = await Measure(crud.Url, "/crud/cases", id => $"/crud/cases/{id}/complete", key => new { key }, seconds);
                results["crud_receive_per_s"] = receive;
                results["crud_complete_per_s"] = complete;
            }
            results["ratio_receive_vs_crud"] = Math.Round((double)results["receive_per_s"] / (double)results["crud_receive_per_s"], 2);
            results["ratio_complete_vs_crud"] = Math.Round((double)results["complete_per_s"] / (double)results["crud_complete_per_s"], 2);
            Console.WriteLine("| measure | value |\n|---|---|");
            foreach (var (k, v) in results) Console.WriteLine($"| {k} | {v} |");
            if (outFile is not null) await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Sql(admin, $"DROP DATABASE IF EXISTS {db} WITH (FORCE)");
        }
    }

    /// <summary>Best of 1, 4 and 16 concurrent clients: receipts per second, then completions of the received cases' first step.</summary>
    private static async Task<(double Receive, double Complete)> Measure(string url, string receivePath, Func<Guid, string> completePath, Func<string, object> body, int seconds)
    {
        double bestReceive = 0, bestComplete = 0;
        foreach (var round in new[] { 0, 1, 4, 16 })   // 0: one untimed client warms both endpoints up (code generation, pools)
        {
            var warmUp = round == 0;
            var clients = Math.Max(round, 1);
            var received = new ConcurrentQueue<(Guid Id, long Version)>();
            var count = await Drive(url, clients, seconds, async (http, n, i) =>
            {
                var r = await http.PostAsJsonAsync(receivePath, body($"b-{clients}-{n}-{i}-{Guid.NewGuid():N}"));
                if (!r.IsSuccessStatusCode) return false;
                using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                received.Enqueue((doc.RootElement.GetProperty("id").GetGuid(), doc.RootElement.GetProperty("version").GetInt64()));
                return true;
            });
            if (!warmUp) bestReceive = Math.Max(bestReceive, count / (double)seconds);
            var done = await Drive(url, clients, seconds, async (http, _, _) =>
            {
                if (!received.TryDequeue(out var c)) return false;
                var r = await http.PostAsJsonAsync(completePath(c.Id), new { version = c.Version });
                return r.IsSuccessStatusCode;
            });
            if (warmUp) continue;
            bestComplete = Math.Max(bestComplete, done / (double)seconds);
            Console.Error.WriteLine($"{url} {clients} client(s): {count / (double)seconds:0} receipts/s, {done / (double)seconds:0} completions/s");
        }
        return (Math.Round(bestReceive), Math.Round(bestComplete));
    }

    private static async Task<int> Drive(string url, int clients, int seconds, Func<HttpClient, int, int, Task<bool>> op)
    {
        var ok = 0;
        var until = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async n =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            http.DefaultRequestHeaders.Add("X-IsoEdms-User", "nguyen-van-an");
            for (var i = 0; until.Elapsed.TotalSeconds < seconds; i++)
                if (await op(http, n, i)) Interlocked.Increment(ref ok);
        }));
        return ok;
    }

    private static async Task<(Process, string)> StartApp(string app, string cs, string processes)
    {
        var url = $"http://127.0.0.1:{20000 + Random.Shared.Next(20000)}";
        var psi = Start(app, cs, processes, ["--urls", url]);
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var proc = Process.Start(psi)!;
        var ready = new TaskCompletionSource();
        proc.OutputDataReceived += (_, e) => { if (e.Data?.Contains("IsoEdms listening on") == true) ready.TrySetResult(); };
        proc.ErrorDataReceived += (_, _) => { };
        proc.BeginOutputReadLine();
        proc.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using var warm = new HttpClient { BaseAddress = new Uri(url) };
        await warm.GetAsync("/health");
        return (proc, url);
    }

    private static async Task Run(string app, string cs, string processes, string[] args)
    {
        var p = Process.Start(Start(app, cs, processes, args))!;
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"isoedms {string.Join(' ', args)} failed: {await p.StandardError.ReadToEndAsync()}");
    }

    private static ProcessStartInfo Start(string app, string cs, string processes, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [app, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["ISOEDMS_DB"] = cs;
        psi.Environment["IsoEdms__Processes"] = processes;
        psi.WorkingDirectory = Path.GetDirectoryName(processes)!;
        return psi;
    }

    private static string FindProcesses()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "processes", "procedures"))) return Path.Combine(d.FullName, "processes");
        throw new InvalidOperationException("no processes/ folder above " + AppContext.BaseDirectory);
    }

    private static async Task Sql(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
