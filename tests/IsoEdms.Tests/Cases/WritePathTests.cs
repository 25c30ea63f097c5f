using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using IsoEdms.Cases;
using IsoEdms.Cases.Working;
using IsoEdms.Domain.Access;
using IsoEdms.Domain.Organisation;
using IsoEdms.Infrastructure;
using IsoEdms.Organisation;
using Marten;
using Wolverine;

namespace IsoEdms.Tests.Cases;

/// <summary>
/// The one write path: many desks of one unit at once, a page's command refused with the API's own words, the JSON it
/// stores in the key order PostgreSQL keeps, and how many times a command goes to PostgreSQL and back (on this kind of
/// machine every round trip costs system calls and wake-ups in both processes, so one added is a slowdown the benchmark
/// would only show in its noise; here it fails at once, naming the statements).
/// </summary>
public class WritePathTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);

    [Fact]
    public async Task thirty_two_concurrent_receipts_at_one_unit_give_thirty_two_distinct_cases()
    {
        _api.NextWorkingDay(9);
        // 32 receipts sent at once at the desk of one commune
        var receipts = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => _api.Receive("ho-tich.khai-sinh", "xa-dan-dien", "ngo-thi-thu")));
        receipts.Select(r => r.Id).Distinct().Count().ShouldBe(32);
        receipts.Select(r => r.Code).Distinct().Count().ShouldBe(32);
        receipts.ShouldAllBe(r => r.Case != null && r.Case.ReceivingUnit == "xa-dan-dien" && r.Version == r.Case.Version);
        // numbered without gaps or repeats, one book per unit and year
        var numbers = receipts.Select(r => int.Parse(r.Code[(r.Code.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture)).Order().ToList();
        numbers.ShouldBe(Enumerable.Range(numbers[0], 32).ToList());
    }

    [Fact]
    public async Task a_page_action_by_a_person_without_the_role_is_refused_exactly_as_the_api_refuses_it()
    {
        _api.NextWorkingDay(9);
        var c = await _api.Receive("ho-tich.khai-sinh", "xa-dan-dien", "ngo-thi-thu");
        const string auditor = "duong-van-phuc";
        var api = await _api.Fail($"/api/cases/{c.Id}/steps/receive/complete", new CompleteStep(c.Version, null), auditor, 403);

        // what the case page does when its form is posted: the signed-in person's principal sends the command on the bus
        using var scope = seeded.App.Host.Services.CreateScope();
        var session = scope.ServiceProvider.GetRequiredService<IQuerySession>();
        var person = (await session.LoadAsync<PersonRecord>(PersonRecord.StreamIdFor(auditor)))!;
        var principal = Principal.For(person, OrgLoad.Today(seeded.App.Clock), await scope.ServiceProvider.GetRequiredService<OrgSnapshots>().CurrentAsync(session, CancellationToken.None));
        var page = await CaseCommands.SendAsync(scope.ServiceProvider.GetRequiredService<IMessageBus>(), principal, c.Id, c.Version,
            new CompleteAction("receive", null), CancellationToken.None);

        page.Ok.ShouldBeFalse();
        (page.Refusal!.Status, page.Refusal.Title, page.Refusal.Detail).ShouldBe((api.Status, api.Title, api.Detail));
        api.Detail.ShouldContain("auditor");
        (await _api.Details(c.Id)).Version.ShouldBe(c.Version);   // nothing was written
    }

    [Fact]
    public async Task commands_run_on_handler_code_compiled_with_the_app_and_no_compiler_is_loaded()
    {
        _api.NextWorkingDay(9);
        var c = await _api.Receive("ho-tich.khai-sinh", "xa-dan-dien", "ngo-thi-thu");
        await _api.Act($"/api/cases/{c.Id}/steps/receive/complete", new CompleteStep(c.Version, null), "ngo-thi-thu");
        (await _api.Details(c.Id)).Version.ShouldBeGreaterThan(c.Version);
        // the endpoints and handlers that ran are the pre-generated ones (docs/codegen.md): Roslyn never enters the process
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name)
            .ShouldNotContain(n => n != null && n.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_store_writes_every_objects_keys_in_the_order_postgresql_keeps_them()
    {
        _api.NextWorkingDay(9);
        var c = await _api.Receive("ho-tich.khai-sinh", "xa-dan-dien", "ngo-thi-thu");
        await _api.Act($"/api/cases/{c.Id}/steps/receive/complete", new CompleteStep(c.Version, null), "ngo-thi-thu");

        var store = seeded.App.Host.Services.GetRequiredService<IDocumentStore>();
        var serializer = store.Options.Serializer();
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(c.Id);
        var doc = (await session.LoadAsync<CaseDetails>(c.Id))!;
        events.Count.ShouldBeGreaterThan(2);

        // what PostgreSQL gives back of each stored value lists its keys in the order jsonb keeps them
        await using var conn = new Npgsql.NpgsqlConnection(seeded.App.ConnectionString);
        await conn.OpenAsync();
        async Task<string> Stored(string sql, object key)
        {
            await using var cmd = new Npgsql.NpgsqlCommand(sql, conn) { Parameters = { new() { Value = key } } };
            return (string)(await cmd.ExecuteScalarAsync())!;
        }
        foreach (var e in events)
            Keys(serializer.ToJson(e.Data)).ShouldBe(Keys(await Stored($"SELECT data::text FROM {MartenSetup.Schema}.mt_events WHERE id = $1", e.Id)), e.EventTypeName);
        var docKeys = Keys(serializer.ToJson(doc));
        docKeys.Count.ShouldBeGreaterThan(20);
        docKeys.ShouldBe(Keys(await Stored($"SELECT data::text FROM {MartenSetup.Schema}.mt_doc_casedetails WHERE id = $1", c.Id)));
    }

    [Fact]
    public async Task a_step_completion_goes_to_the_database_three_times_the_work_queue_item_read_with_the_case()
    {
        _api.NextWorkingDay(9);
        var c = await _api.Receive("ho-tich.khai-sinh", "xa-dan-dien", "ngo-thi-thu");
        await _api.Act($"/api/cases/{c.Id}/steps/receive/complete", new CompleteStep(c.Version, null), "ngo-thi-thu");   // warm: caches, prepared statements
        var next = await _api.Receive("ho-tich.khai-sinh", "xa-dan-dien", "ngo-thi-thu");

        using var trace = new DatabaseTrace();
        var done = await trace.During(headers => _api.Send($"/api/cases/{next.Id}/steps/receive/complete", new CompleteStep(next.Version, null), "ngo-thi-thu", 200, headers));

        done.Select(x => x.Statement).ToList().ShouldSatisfyAllConditions(
            // 1: the signed-in person and the organisation's stamp; 2: the case fetched for writing, the stamp and the queue
            // item in one batch; 3: the events appended and the documents written (the commit is not a traced command)
            all => all.Count.ShouldBe(3, string.Join("\n---\n", all)),
            all => all[1].ShouldContain("mt_doc_queueitem"),
            all => all.Skip(2).ShouldNotContain(s => s.StartsWith($"select d.id, d.data, d.mt_version from {MartenSetup.Schema}.mt_doc_queueitem", StringComparison.Ordinal)));
        (await _api.Queue("unit", "xa-dan-dien")).ShouldContain(q => q.Id == next.Id && q.Step != "receive");   // the item moved on
    }

    /// <summary>The commands PostgreSQL received for one HTTP request, told apart from every other request by its trace id.</summary>
    private sealed class DatabaseTrace : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<(ActivityTraceId Trace, string Statement)> _commands = new();

        public DatabaseTrace()
        {
            _listener = new ActivityListener
            {
                // ASP.NET Core starts the request's activity under the caller's trace; Npgsql one per command or batch sent
                ShouldListenTo = s => s.Name is "Npgsql" or "Microsoft.AspNetCore",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    if (a.Source.Name == "Npgsql") _commands.Enqueue((a.TraceId, a.GetTagItem("db.query.text") as string ?? a.GetTagItem("db.statement") as string ?? a.DisplayName));
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public async Task<List<(ActivityTraceId Trace, string Statement)>> During(Func<IDictionary<string, string>, Task> request)
        {
            var trace = ActivityTraceId.CreateRandom();
            await request(new Dictionary<string, string> { ["traceparent"] = $"00-{trace}-{ActivitySpanId.CreateRandom()}-01" });
            return _commands.Where(x => x.Trace == trace).ToList();
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Every property name of <paramref name="json"/> in the order written, with its depth.</summary>
    private static List<string> Keys(string json)
    {
        var keys = new List<string>();
        var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        while (reader.Read())
            if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName) keys.Add($"{reader.CurrentDepth}:{reader.GetString()}");
        return keys;
    }
}
