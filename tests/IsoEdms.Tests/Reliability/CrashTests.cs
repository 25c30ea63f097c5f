using IsoEdms.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using IsoEdms.Cases;
using IsoEdms.Cases.Receiving;
using IsoEdms.Domain.Cases;
using IsoEdms.Infrastructure;
using Marten;
using Marten.Events;

namespace IsoEdms.Tests.Reliability;

/// <summary>
/// The app as a separate process under load from several clients, killed with SIGKILL mid-load and started again:
/// every command that got a 2xx answer is stored exactly once, and the projections catch up to their rebuild.
/// </summary>
public sealed class CrashTests : IAsyncLifetime
{
    private readonly string _db = $"isoedms_t_{Guid.NewGuid():N}"[..22];
    private string _cs = "";

    public async Task InitializeAsync()
    {
        _cs = await ThrowawayDatabase.CreateAsync(Database.Resolve(), _db);
        foreach (var args in new[] { new[] { "calendars", "publish", Cli.Processes("calendars") }, ["org", "load", Cli.Processes("org")], ["procedures", "publish", Cli.Processes("procedures")], ["users", "demo-passwords"] })
            (await Cli.RunAsync(_cs, args)).Exit.ShouldBe(0);
    }

    public Task DisposeAsync() => ThrowawayDatabase.DropAsync(Database.Resolve(), _db);

    private Task<AppProcess> StartAsync() => AppProcess.StartAsync(_cs);

    [Fact]
    public async Task a_killed_app_loses_no_acknowledged_command_and_stores_none_twice()
    {
        var first = await StartAsync();
        var acknowledged = new ConcurrentBag<(Guid Id, string Key, bool Completed)>();
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completions = 0;
        using var cts = new CancellationTokenSource();
        async Task Client(int n)
        {
            using var http = new HttpClient { BaseAddress = new Uri(first.Url), Timeout = TimeSpan.FromSeconds(30) };
            await AppProcess.SignInAsync(http, "nguyen-van-an");
            for (var i = 0; !cts.IsCancellationRequested; i++)
            {
                var key = $"crash-{n}-{i}";
                try
                {
                    var r = await http.PostAsJsonAsync("/api/cases", new { procedure = "chung-thuc.hop-dong-dat", receiving_unit = "xa-quang-dien", applicant = new { name = "Lê Văn Tám" }, idempotency_key = key });
                    if (!r.IsSuccessStatusCode) continue;
                    using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                    var id = doc.RootElement.GetProperty("id").GetGuid();
                    acknowledged.Add((id, key, false));
                    var c = await http.PostAsJsonAsync($"/api/cases/{id}/steps/receive/complete", new { version = doc.RootElement.GetProperty("version").GetInt64() });
                    if (c.IsSuccessStatusCode)
                    {
                        acknowledged.Add((id, key, true));
                        if (Interlocked.Increment(ref completions) == 20) loaded.TrySetResult();
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException) { return; }
            }
        }
        var clients = Enumerable.Range(0, 4).Select(Client).ToArray();
        // let the load reach the store, then kill the app without warning
        await loaded.Task.WaitAsync(TimeSpan.FromSeconds(120));
        first.Process.Kill(entireProcessTree: true);
        cts.Cancel();
        await Task.WhenAll(clients);
        await first.Process.WaitForExitAsync();

        var second = await StartAsync();
        try
        {
            await using var store = DocumentStore.For(o => MartenSetup.Configure(o, _cs, withAsyncProjections: true));
            await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(120));
            await using var q = store.QuerySession();
            foreach (var (id, key, completed) in acknowledged)
            {
                var events = await q.Events.FetchStreamAsync(id);
                events.Count(e => e.Data is CaseReceived).ShouldBe(1, key);
                if (completed) events.Count(e => e.Data is StepCompleted { Step: "receive" }).ShouldBe(1, key);
            }
            // one case per idempotency key, whatever was retried or cut off
            var keys = await q.Query<ReceiptKey>().ToListAsync();
            keys.Select(k => k.CaseId).Distinct().Count().ShouldBe(keys.Count);
            (await q.Query<CaseDetails>().CountAsync()).ShouldBe(keys.Count);
            acknowledged.Count.ShouldBeGreaterThan(20);

            var verify = await Cli.RunAsync(_cs, "audit", "verify");
            verify.Exit.ShouldBe(0, verify.Err);
        }
        finally
        {
            second.Process.Kill(entireProcessTree: true);
            await second.Process.WaitForExitAsync();
        }
    }
}
