using System.Collections.Concurrent;
using System.Diagnostics;
using IsoEdms.Cases.Working;

namespace IsoEdms.Tests.Cases;

/// <summary>
/// How many times one command goes to PostgreSQL and back. On this kind of machine every round trip costs system calls
/// and wake-ups in both processes, so a change that adds one is a slowdown the benchmark would only show in its noise;
/// here it fails at once, naming the statements.
/// </summary>
public class RoundTripTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);

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
            all => all.Skip(2).ShouldNotContain(s => s.StartsWith("select d.id, d.data, d.mt_version from isoedms.mt_doc_queueitem", StringComparison.Ordinal)));
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
}
