using System.Net.Http.Json;
using System.Text.Json;
using IsoEdms.Infrastructure;
using IsoEdms.Testing;

namespace IsoEdms.Tests.Reliability;

/// <summary>
/// A cluster's first start: several app nodes started at the same moment on a new, empty database each create the
/// schema they need (Marten's and Wolverine's tables, Hangfire's, the statistics tables). They take turns, so every node
/// starts and none logs an error; the first receipts, sent to every node at once, are all taken.
/// </summary>
public sealed class FirstStartTests : IAsyncLifetime
{
    private readonly string _db = $"isoedms_t_{Guid.NewGuid():N}"[..22];
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await ThrowawayDatabase.CreateAsync(Database.Resolve(), _db);

    public Task DisposeAsync() => ThrowawayDatabase.DropAsync(Database.Resolve(), _db);

    [Fact]
    public async Task nodes_started_together_on_an_empty_database_all_start_and_log_no_error()
    {
        var settings = new Dictionary<string, string> { ["IsoEdms__Nodes"] = "cluster" };
        var starting = Enumerable.Range(0, 3).Select(_ => AppProcess.StartAsync(_cs, settings)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        catch (Exception ex)
        {
            var started = starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result).ToList();
            foreach (var node in started) await node.KillAsync();
            throw new Xunit.Sdk.XunitException($"{3 - started.Count} of 3 nodes did not start: {ex.Message}");
        }
        var nodes = starting.Select(t => t.Result).ToList();
        try
        {
            foreach (var node in nodes)
            {
                using var http = new HttpClient { BaseAddress = new Uri(node.Url) };
                using var health = await http.GetAsync("/health");
                health.IsSuccessStatusCode.ShouldBeTrue($"{node.Url}/health answered {(int)health.StatusCode}");
            }
            foreach (var node in nodes)
                node.LogTail.Split('\n').Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal))
                    .ShouldBeEmpty($"{node.Url} logged errors while starting:\n{node.LogTail}");
        }
        finally
        {
            foreach (var node in nodes.Where(n => !n.Process.HasExited)) await node.KillAsync();
        }
    }

    [Fact]
    public async Task the_first_receipts_sent_to_two_nodes_at_once_are_all_taken()
    {
        foreach (var args in new[] { new[] { "calendars", "publish", Cli.Processes("calendars") }, ["org", "load", Cli.Processes("org")],
                     ["procedures", "publish", Cli.Processes("procedures")], ["users", "demo-passwords"] })
        {
            var r = await Cli.RunAsync(_cs, args);
            r.Exit.ShouldBe(0, $"{string.Join(' ', args)}: {r.Err}");
        }
        var settings = new Dictionary<string, string> { ["IsoEdms__Nodes"] = "cluster" };
        var nodes = (await Task.WhenAll(AppProcess.StartAsync(_cs, settings), AppProcess.StartAsync(_cs, settings))).ToList();
        try
        {
            var clients = new List<(AppProcess Node, HttpClient Http)>();
            foreach (var node in nodes)
            {
                var http = new HttpClient { BaseAddress = new Uri(node.Url), Timeout = TimeSpan.FromSeconds(60) };
                await AppProcess.SignInAsync(http, "nguyen-van-an");
                clients.Add((node, http));
            }
            // the store's first receipts, eight on each node at the same moment
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var sent = clients.SelectMany(c => Enumerable.Range(0, 8).Select(async i =>
            {
                await go.Task;
                using var r = await c.Http.PostAsJsonAsync("/api/cases", new { procedure = "chung-thuc.hop-dong-dat", receiving_unit = "xa-quang-dien",
                    applicant = new { name = "Lê Văn Tám" }, idempotency_key = $"first-{c.Node.Url}-{i}" });
                var body = await r.Content.ReadAsStringAsync();
                return (Status: (int)r.StatusCode, Body: body, c.Node);
            })).ToList();
            go.SetResult();
            var answers = await Task.WhenAll(sent);
            var refused = answers.Where(a => a.Status != 201).ToList();
            refused.ShouldBeEmpty(string.Join("\n", refused.Select(a => $"{a.Node.Url}: {a.Status} {a.Body}\n{a.Node.LogTail}")));
            answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("code").GetString()).Distinct().Count().ShouldBe(16);
            foreach (var (_, http) in clients) http.Dispose();
        }
        finally
        {
            foreach (var node in nodes.Where(n => !n.Process.HasExited)) await node.KillAsync();
        }
    }
}
