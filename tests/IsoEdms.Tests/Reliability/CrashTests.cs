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
/// every command that got a 2xx answer is stored exactly once, every one that got no answer is stored exactly once
/// after the client sends it again, and the projections catch up to their rebuild.
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

    private static object Receipt(string key) =>
        new { procedure = "chung-thuc.hop-dong-dat", receiving_unit = "xa-quang-dien", applicant = new { name = "Lê Văn Tám" }, idempotency_key = key };

    [Fact]
    public async Task a_killed_app_loses_no_acknowledged_command_and_stores_none_twice_even_when_unanswered_requests_are_sent_again()
    {
        var first = await StartAsync();
        var acknowledged = new ConcurrentBag<(Guid Id, string Key, bool Completed)>();
        // requests cut off by the kill: no answer, so the client cannot know whether they were stored; it retries them
        var unansweredReceipts = new ConcurrentBag<string>();
        var unansweredCompletions = new ConcurrentBag<(Guid Id, string Key, long Version)>();
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completions = 0;
        using var cts = new CancellationTokenSource();
        static bool CutOff(Exception ex) => ex is HttpRequestException or TaskCanceledException or IOException;
        async Task Client(int n)
        {
            using var http = new HttpClient { BaseAddress = new Uri(first.Url), Timeout = TimeSpan.FromSeconds(30) };
            await AppProcess.SignInAsync(http, "nguyen-van-an");
            for (var i = 0; !cts.IsCancellationRequested; i++)
            {
                var key = $"crash-{n}-{i}";
                HttpResponseMessage r;
                try { r = await http.PostAsJsonAsync("/api/cases", Receipt(key)); }
                catch (Exception ex) when (CutOff(ex)) { unansweredReceipts.Add(key); return; }
                if (!r.IsSuccessStatusCode) continue;
                using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                var id = doc.RootElement.GetProperty("id").GetGuid();
                var version = doc.RootElement.GetProperty("version").GetInt64();
                acknowledged.Add((id, key, false));
                HttpResponseMessage c;
                try { c = await http.PostAsJsonAsync($"/api/cases/{id}/steps/receive/complete", new { version }); }
                catch (Exception ex) when (CutOff(ex)) { unansweredCompletions.Add((id, key, version)); return; }
                if (c.IsSuccessStatusCode)
                {
                    acknowledged.Add((id, key, true));
                    if (Interlocked.Increment(ref completions) == 20) loaded.TrySetResult();
                }
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
            // every request that got no answer is sent again as the client would: the receipt with its idempotency key
            // (stored once: 201 if it was lost, 200 with the same case if it was not), the completion with the version it
            // read (200 if it was lost, 409 if it was stored: the case has moved on)
            using (var http = new HttpClient { BaseAddress = new Uri(second.Url), Timeout = TimeSpan.FromSeconds(30) })
            {
                await AppProcess.SignInAsync(http, "nguyen-van-an");
                foreach (var key in unansweredReceipts)
                {
                    var r = await http.PostAsJsonAsync("/api/cases", Receipt(key));
                    ((int)r.StatusCode).ShouldBeOneOf([200, 201], key);
                    using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                    acknowledged.Add((doc.RootElement.GetProperty("id").GetGuid(), key, false));
                }
                foreach (var (id, key, version) in unansweredCompletions)
                {
                    var c = await http.PostAsJsonAsync($"/api/cases/{id}/steps/receive/complete", new { version });
                    ((int)c.StatusCode).ShouldBeOneOf([200, 409], key);
                    acknowledged.Add((id, key, true));
                }
            }

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
