using System.Net.Http.Json;
using System.Text.Json;
using IsoEdms.Domain.Cases;
using IsoEdms.Infrastructure;
using IsoEdms.Monitoring;
using IsoEdms.Testing;
using IsoEdms.Tests.Notifications;
using Marten;
using Marten.Events;

namespace IsoEdms.Tests.Reliability;

/// <summary>
/// Two app processes in cluster mode on one database: the statistics projection runs on one of them; killed with
/// SIGKILL under load, the other takes it over, the statistics equal their rebuild, and the deadline sweep (a recurring
/// job on both nodes) has recorded no overdue step or case twice.
/// </summary>
public sealed class ClusterTests : IAsyncLifetime
{
    private readonly string _db = $"isoedms_t_{Guid.NewGuid():N}"[..22];
    private string _cs = "";

    public async Task InitializeAsync()
    {
        _cs = await ThrowawayDatabase.CreateAsync(Database.Resolve(), _db);
        var file = Path.Combine(Directory.CreateTempSubdirectory("isoedms-cluster-").FullName, "cases.jsonl");
        var today = IsoEdms.Organisation.OrgLoad.Today(TimeProvider.System);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var args in new[]
        {
            new[] { "calendars", "publish", Cli.Processes("calendars") }, ["org", "load", Cli.Processes("org")], ["procedures", "publish", Cli.Processes("procedures")],
            ["users", "demo-passwords"],
            // open dossiers received weeks ago: past their due now, for the sweep to record
            ["demo", "generate", "--cases", "200", "--seed", "7", "--from", Day(today.AddDays(-40)), "--to", Day(today.AddDays(-10)), "--out", file], ["import", file],
        })
        {
            var r = await Cli.RunAsync(_cs, args);
            r.Exit.ShouldBe(0, $"{string.Join(' ', args)}: {r.Err}");
        }
    }

    public Task DisposeAsync() => ThrowawayDatabase.DropAsync(Database.Resolve(), _db);

    private static readonly Dictionary<string, string> Cluster = new()
    {
        ["IsoEdms__Nodes"] = "cluster",
        ["IsoEdms__Jobs__deadline-sweep"] = "* * * * *",
    };

    private static async Task<bool> HoldsStatisticsAsync(AppProcess node)
    {
        using var http = new HttpClient { BaseAddress = new Uri(node.Url) };
        using var response = await http.GetAsync("/health");
        response.IsSuccessStatusCode.ShouldBeTrue($"{node.Url}/health answered {(int)response.StatusCode}: a node waiting for the projections serves all the same");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("projections").EnumerateArray().Any(p => p.GetProperty("name").GetString()!.StartsWith(TimelinessProjection.ProjectionName, StringComparison.Ordinal));
    }

    private async Task<string> HangfireLocksAsync()
    {
        await using var conn = new Npgsql.NpgsqlConnection(_cs);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select string_agg(resource || ' since ' || acquired::text, '; ') from hangfire.lock", conn);
        return await cmd.ExecuteScalarAsync() is string rows ? rows : "none";
    }

    [Fact]
    public async Task the_statistics_move_to_the_surviving_node_and_catch_up_and_no_overdue_record_is_written_twice()
    {
        var a = await AppProcess.StartAsync(_cs, Cluster);
        var b = await AppProcess.StartAsync(_cs, Cluster);
        try
        {
            // one node takes the projections; which one is the daemon's choice
            var holder = await Poll.UntilAsync(async () => await HoldsStatisticsAsync(a) ? a : await HoldsStatisticsAsync(b) ? b : null, n => n is not null,
                TimeSpan.FromSeconds(90), "a node holding the statistics");
            var survivor = holder == a ? b : a;
            (await HoldsStatisticsAsync(survivor)).ShouldBeFalse();

            // load on both nodes, then the holder dies without warning
            var receipts = 0;
            var refused = new System.Collections.Concurrent.ConcurrentQueue<string>();
            async Task Load(AppProcess node, string phase, int count)
            {
                using var http = new HttpClient { BaseAddress = new Uri(node.Url), Timeout = TimeSpan.FromSeconds(30) };
                await AppProcess.SignInAsync(http, "nguyen-van-an");
                for (var i = 0; i < count; i++)
                {
                    var r = await http.PostAsJsonAsync("/api/cases", new { procedure = "chung-thuc.hop-dong-dat", receiving_unit = "xa-quang-dien",
                        applicant = new { name = "Lê Văn Tám" }, idempotency_key = $"cluster-{phase}-{node.Url}-{i}" });
                    if (r.IsSuccessStatusCode) Interlocked.Increment(ref receipts);
                    else refused.Enqueue($"{node.Url} receipt {i}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                }
            }
            await Task.WhenAll(Load(a, "before", 30), Load(b, "before", 30));
            await holder!.KillAsync();
            await Load(survivor, "after", 30);

            (await Poll.UntilAsync(() => HoldsStatisticsAsync(survivor), held => held, TimeSpan.FromSeconds(120), "the statistics on the surviving node")).ShouldBeTrue();
            await using var store = DocumentStore.For(o => MartenSetup.Configure(o, _cs, withAsyncProjections: true));
            await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(120));
            receipts.ShouldBe(90, $"{string.Join('\n', refused)}\n-- {a.Url}:\n{a.LogTail}\n-- {b.Url}:\n{b.LogTail}");

            // the sweep ran (a recurring job of both nodes' Hangfire servers), and recorded each overdue step run and case once
            int overdue;
            try
            {
                overdue = await Poll.UntilAsync(async () =>
                {
                    await using var q = store.QuerySession();
                    return await q.Events.QueryRawEventDataOnly<StepOverdue>().CountAsync();
                }, n => n > 0, TimeSpan.FromSeconds(150), "the sweep's first overdue records");
            }
            catch (TimeoutException ex)
            {
                // what a stalled sweep leaves to look at: Hangfire's locks (rows a dead node may have left) and both logs
                throw new TimeoutException($"{ex.Message}\nHangfire's locks: {await HangfireLocksAsync()}\n-- {a.Url}:\n{a.LogTail}\n-- {b.Url}:\n{b.LogTail}", ex);
            }
            await using (var q = store.QuerySession())
            {
                var steps = await q.Events.QueryRawEventDataOnly<StepOverdue>().ToListAsync();
                steps.GroupBy(s => (s.CaseId, s.Step, s.StartedAt)).ShouldAllBe(g => g.Count() == 1);
                var cases = await q.Events.QueryRawEventDataOnly<CaseOverdue>().ToListAsync();
                cases.GroupBy(c => c.CaseId).ShouldAllBe(g => g.Count() == 1);
                var ncs = await q.Events.QueryRawEventDataOnly<IsoEdms.Domain.Quality.NonconformityRaised>().ToListAsync();
                ncs.GroupBy(n => n.NcId).ShouldAllBe(g => g.Count() == 1);
            }
            overdue.ShouldBeGreaterThan(0);

            // the statistics the surviving node wrote equal their rebuild from the events (verified between two sweeps: one
            // that has just appended leaves the live statistics a moment behind, which verify reports and the daemon closes)
            var verify = await Poll.UntilAsync(() => Cli.RunAsync(_cs, "audit", "verify"), r => r.Exit == 0 || !r.Err.Contains("have not seen", StringComparison.Ordinal),
                TimeSpan.FromSeconds(120), "audit verify between two sweeps");
            verify.Exit.ShouldBe(0, verify.Err);
        }
        finally
        {
            foreach (var node in new[] { a, b }.Where(n => !n.Process.HasExited)) await node.KillAsync();
        }
    }
}
