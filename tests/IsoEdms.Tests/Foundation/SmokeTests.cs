using System.Collections.Concurrent;
using Alba;
using Hangfire;
using Hangfire.Server;
using IsoEdms.Calendars;
using IsoEdms.Procedures;
using Marten;
using Marten.Events;

namespace IsoEdms.Tests.Foundation;

/// <summary>Boots the host, appends events through a Wolverine endpoint, reads projections, runs a Hangfire job to completion.</summary>
public class SmokeTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task health_answers_200_when_the_database_and_daemon_run()
    {
        await app.Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(200); s.ContentShouldContain("\"daemon\":true"); });
    }

    [Fact]
    public async Task the_openapi_document_lists_the_endpoints()
    {
        var r = await app.Host.Scenario(s => { s.Get.Url("/openapi/v1.json"); s.StatusCodeShouldBe(200); });
        var text = await r.ReadAsTextAsync();
        text.ShouldContain("/api/procedures/publish");
        text.ShouldContain("/api/calendar/due");
    }

    [Fact]
    public async Task events_appended_through_an_endpoint_reach_the_inline_and_async_projections()
    {
        (await Cli.RunAsync(app.ConnectionString, "calendars", "publish", Cli.Processes("calendars"))).Exit.ShouldBe(0);
        await app.SeedPeopleAsync();
        var file = Path.Combine(Cli.Processes("procedures"), "ho-tich.khai-sinh", "v1.yaml");
        await app.Host.Scenario(s =>
        {
            s.Post.Json(new PublishProcedures([new ProcedureFileUpload("procedures/ho-tich.khai-sinh/v1.yaml", File.ReadAllText(file))])).ToUrl("/api/procedures/publish");
            s.WithRequestHeader("Authorization", app.Bearer("ho-thi-xuan"));
            s.StatusCodeShouldBe(200);
        });
        var entry = await app.Host.GetAsJson<ProcedureCatalogEntry>("/api/procedures/ho-tich.khai-sinh");
        entry!.Versions.ShouldHaveSingleItem().PublishedBy.ShouldBe("ho-thi-xuan");

        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var register = await app.Host.GetAsJson<DocumentRegister>($"/api/documents/register/{app.Clock.GetUtcNow().Year}");
        register!.Entries.Where(e => e.Document == "ho-tich.khai-sinh v1" && e.By == "ho-thi-xuan").Select(e => e.Action).ShouldBe(["approved", "published"]);
        // the register shows the drafter, reviewer, approver and decision of the file's approval block (ISO 9001 7.5.2)
        register.Entries.Single(e => e.Action == "approved").Approval.ShouldBe(new IsoEdms.Domain.Procedures.DocumentApproval(
            "ho-thi-xuan", "duong-van-phuc", "le-quang-vinh", "tt-pvhcc-hue", "Quyết định số 25/QĐ-TTPVHCC", new DateOnly(2025, 6, 25)));
        entry.Versions.Single().Approval.ShouldNotBeNull().ApprovedBy.ShouldBe("le-quang-vinh");

        // the events carry the metadata: user name and correlation id
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(entry.Id);
        events.Select(e => e.Data.GetType().Name).ShouldBe(["ProcedureVersionApproved", "ProcedureVersionPublished"]);
        events.ShouldAllBe(e => !string.IsNullOrEmpty(e.CorrelationId));
    }

    [Fact]
    public async Task a_hangfire_job_runs_to_completion_and_its_command_appends_an_event()
    {
        (await Cli.RunAsync(app.ConnectionString, "calendars", "publish", Cli.Processes("calendars"))).Exit.ShouldBe(0);
        await app.SeedPeopleAsync();
        // the fake clock only goes forward: later tests in this class see 2027, which they read from the clock too
        if (app.Clock.GetUtcNow() < new DateTimeOffset(2027, 11, 15, 2, 0, 0, TimeSpan.Zero))
            app.Clock.SetUtcNow(new DateTimeOffset(2027, 11, 15, 2, 0, 0, TimeSpan.Zero));
        {
            var client = app.Host.Services.GetRequiredService<IBackgroundJobClient>();
            var id = client.Enqueue<CalendarCoverageJob>(j => j.RunAsync());
            var state = await JobWatcher.WaitAsync(app.Host.Services.GetRequiredService<JobStorage>(), id, TimeSpan.FromSeconds(60));
            state.ShouldBe("Succeeded");

            var calendars = await app.Host.GetAsJson<List<CalendarCatalogEntry>>("/api/calendars");
            calendars!.Single(c => c.Calendar == "vn-gov").Warnings.ShouldHaveSingleItem().ShouldContain("publish 2028");
        }
    }

    [Fact]
    public async Task the_recurring_jobs_are_registered_and_shown_on_the_dashboard()
    {
        using var conn = app.Host.Services.GetRequiredService<JobStorage>().GetConnection();
        var ids = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(conn).Select(j => j.Id).ToList();
        ids.ShouldContain(IsoEdms.Jobs.RecurringJobs.CalendarCoverage);
        ids.ShouldContain(IsoEdms.Jobs.RecurringJobs.DeadlineSweep);
        ids.ShouldContain(IsoEdms.Jobs.RecurringJobs.CorrectiveActionOverdue);
        // the dashboard lists them, to administrators only
        await app.SeedPeopleAsync();
        var page = await app.Host.Scenario(s =>
        {
            s.Get.Url("/hangfire/recurring");
            s.StatusCodeShouldBe(200);
        });
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/hangfire/recurring");
            s.WithRequestHeader("Authorization", app.Bearer("ho-thi-xuan"));
            s.StatusCodeShouldBe(403);
        });
        (await page.ReadAsTextAsync()).ShouldContain(IsoEdms.Jobs.RecurringJobs.DeadlineSweep);
    }

    [Fact]
    public async Task a_hangfire_lock_left_by_a_dead_node_is_taken_over_once_it_is_a_minute_old_not_ten()
    {
        var storage = app.Host.Services.GetRequiredService<JobStorage>();
        var resource = $"dead-node-{Guid.NewGuid():N}";
        // a node takes the lock and dies: its connection goes, the lock's row stays (it is a row, not a session lock)
        using (var dying = storage.GetConnection()) _ = dying.AcquireDistributedLock(resource, TimeSpan.FromSeconds(5));
        using var other = storage.GetConnection();
        Should.Throw<Hangfire.PostgreSql.PostgreSqlDistributedLockException>(() => other.AcquireDistributedLock(resource, TimeSpan.FromSeconds(1)).Dispose());

        // the same row as a node that died just over the app's expiry ago would have left it (Hangfire stamps it with
        // the wall clock, so the test ages the row rather than moving a clock): another node takes the lock at once,
        // where Hangfire's default expiry (ten minutes) stopped every recurring job of the cluster until then
        await using var conn = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var age = new Npgsql.NpgsqlCommand("update hangfire.lock set acquired = acquired - @by where resource like '%' || @resource", conn);
        age.Parameters.AddWithValue("by", IsoEdms.Infrastructure.WebHost.DeadLockExpiry + TimeSpan.FromSeconds(2));
        age.Parameters.AddWithValue("resource", resource);
        (await age.ExecuteNonQueryAsync()).ShouldBe(1);
        using (other.AcquireDistributedLock(resource, TimeSpan.FromSeconds(5))) { }
    }
}

/// <summary>Completes when Hangfire finishes a job: a server filter, no polling.</summary>
public sealed class JobWatcher : IServerFilter
{
    // Hangfire numbers jobs per storage, and every test host has its own: a job is known by its storage and its id
    private static readonly ConcurrentDictionary<(JobStorage Storage, string Id), TaskCompletionSource<string>> Waiting = new();
    private static readonly Lazy<bool> Installed = new(() => { GlobalJobFilters.Filters.Add(new JobWatcher()); return true; });

    public static void Install() => _ = Installed.Value;

    public static async Task<string> WaitAsync(JobStorage storage, string jobId, TimeSpan timeout)
    {
        var tcs = Waiting.GetOrAdd((storage, jobId), _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        return await tcs.Task.WaitAsync(timeout);
    }

    public void OnPerforming(PerformingContext context) { }

    public void OnPerformed(PerformedContext context)
    {
        var tcs = Waiting.GetOrAdd((context.Storage, context.BackgroundJob.Id), _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        tcs.TrySetResult(context.Exception is null ? "Succeeded" : $"Failed: {context.Exception.Message}");
    }
}
