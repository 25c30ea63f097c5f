using IsoEdms.Infrastructure;
using IsoEdms.Testing;

namespace IsoEdms.Tests.Reliability;

/// <summary>
/// A cluster's first start: several app nodes started at the same moment on a new, empty database each create the
/// schema they need (Marten's and Wolverine's tables, Hangfire's, the statistics tables). They take turns, so every node
/// starts and none logs an error.
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
}
