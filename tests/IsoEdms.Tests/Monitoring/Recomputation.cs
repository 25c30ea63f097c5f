using System.Globalization;
using System.Text.Json;
using Alba;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Timeliness;
using IsoEdms.Infrastructure;
using IsoEdms.Monitoring;
using IsoEdms.Tests.Cases;
using JasperFx.Events;
using Marten;
using Marten.Events;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace IsoEdms.Tests.Monitoring;

/// <summary>
/// The timeliness report recomputed by the tests from the raw events, with the report's period rules written out here
/// (independently of the code under test): records per case and step, and the rows each view and window must show.
/// </summary>
public static class Recomputation
{
    public sealed class S
    {
        public string Step = "", Unit = ""; public string? Person, Ending, Cls; public DateOnly Start, Due; public DateOnly? End;
        public DateTimeOffset DueAt; public (string Unit, string? Person)? AtDue;   // rule 14: who held it when it ran late
    }
    public sealed class C
    {
        public string Lead = "", Proc = ""; public DateOnly Received, Due; public string? Outcome, Cls; public DateOnly? Closed; public List<S> Steps = [];
        public List<(DateOnly From, DateOnly? Until, bool Step)> Stops = [];   // days the clock stood still: suspended, or in a step that stops it
        public bool StoppedOn(DateOnly d) => Stops.Any(s => s.From <= d && (s.Until is null || d < s.Until));
        public void EndStops(DateOnly d, bool? step = null) =>
            Stops = Stops.Select(s => s.Until is null && (step is null || s.Step == step) ? (s.From, (DateOnly?)d, s.Step) : s).ToList();
    }

    public static readonly (DateOnly From, DateOnly To)[] Windows =
    [
        (new(2025, 7, 1), new(2026, 11, 30)), (new(2026, 3, 1), new(2026, 3, 31)), (new(2026, 5, 12), new(2026, 5, 12)),
        (new(2025, 9, 1), new(2025, 12, 31)), (new(2026, 11, 1), new(2026, 11, 27)),
    ];

    public static readonly (string By, string Level)[] Views = [("unit", "case"), ("procedure", "case"), ("unit", "step"), ("person", "step"), ("procedure", "step")];

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Counts(TimelinessRow r) =>
        $"{r.Key}: {r.Received} {r.Finished} {r.Early} {r.OnTime} {r.Late} {r.Refused} {r.Stopped} {r.InProgress} {r.OverdueInProgress}";

    public static async Task<Dictionary<(string, string, DateOnly, DateOnly), List<string>>> AllReportsAsync(AppFixture app)
    {
        var result = new Dictionary<(string, string, DateOnly, DateOnly), List<string>>();
        foreach (var (by, level) in Views)
            foreach (var (from, to) in Windows)
            {
                var json = await app.Host.GetAsText($"/api/reports/timeliness?by={by}&level={level}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
                using var doc = JsonDocument.Parse(json);
                doc.RootElement.EnumerateArray().ShouldAllBe(r => r.EnumerateObject().Select(p => p.Name).SequenceEqual(TimelinessReporting.Columns));
                result[(by, level, from, to)] = JsonSerializer.Deserialize<List<TimelinessRow>>(json, Json)!.Select(Counts).ToList();
            }
        return result;
    }

    /// <summary>The report's period rules, applied here to records rebuilt from the raw events by this test.</summary>
    public static List<string> Expected(List<C> cases, string by, string level, DateOnly from, DateOnly to, DateOnly today, string? unit = null)
    {
        if (by == "month")
        {   // each month of the period on its own, the unit's rows added up, keyed yyyy-MM
            var months = new List<string>();
            for (var m = from; m <= to; m = new DateOnly(m.Year, m.Month, 1).AddMonths(1))
            {
                var end = new DateOnly(m.Year, m.Month, 1).AddMonths(1).AddDays(-1);
                var rows = Expected(cases, "unit", level, m, end < to ? end : to, today, unit);
                if (rows.Count == 0) continue;
                var sum = rows.Select(r => r.Split(": ")[1].Split(' ').Select(int.Parse).ToArray()).Aggregate((a, b) => a.Zip(b, (x, y) => x + y).ToArray());
                months.Add($"{m:yyyy-MM}: {string.Join(" ", sum)}");
            }
            return months;
        }
        bool In(DateOnly? d) => d >= from && d <= to;
        var asOf = to < today ? to : today;
        IEnumerable<(string Key, DateOnly Start, DateOnly? End, string? Ending, string? Cls, DateOnly Due, C Case)> items = level == "case"
            ? cases.Where(c => unit is null || c.Lead == unit).Select(c => (by == "procedure" ? c.Proc : c.Lead, c.Received, c.Closed, c.Outcome, c.Cls, c.Due, c))
            : cases.SelectMany(c => c.Steps.Where(s => unit is null || s.Unit == unit).Select(s => (by switch { "procedure" => c.Proc, "person" => s.Person ?? "", _ => s.Unit },
                s.Start, s.End, s.Ending == "completed" ? "finished" : s.Ending, s.Cls, s.Due, c)));
        return items.Where(i => i.Start <= to).GroupBy(i => i.Key)
            .Select(g =>
            {
                int Finished(string cls) => g.Count(i => i.Ending == "finished" && i.Cls == cls && In(i.End));
                var open = g.Where(i => !(i.End <= to)).ToList();
                var row = new[]
                {
                    g.Count(i => In(i.Start)), Finished("early") + Finished("on_time") + Finished("late"), Finished("early"), Finished("on_time"), Finished("late"),
                    g.Count(i => i.Ending == "refused" && In(i.End)), g.Count(i => i.Ending == "stopped" && In(i.End)), open.Count, open.Count(i => i.Due < asOf && !i.Case.StoppedOn(asOf)),
                };
                return (g.Key, row);
            })
            .Where(r => r.row.Any(v => v != 0)).OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => $"{r.Key}: {string.Join(" ", r.row)}").ToList();
    }

    public static async Task<List<C>> RecomputeAsync(string connectionString)
    {
        await using var store = DocumentStore.For(o => MartenSetup.Configure(o, connectionString, withAsyncProjections: false));
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        var cases = new Dictionary<Guid, C>();
        foreach (var e in events)
        {
            if (e.Data is CaseReceived r) { cases[e.StreamId] = new C { Lead = r.LeadUnit, Proc = r.Procedure, Received = r.ReceivedDate, Due = r.DueDate }; continue; }
            if (!cases.TryGetValue(e.StreamId, out var c)) continue;
            var open = c.Steps.LastOrDefault(s => s.End is null);
            switch (e.Data)   // the days the clock stood still
            {
                case CaseSuspended x: c.Stops.Add((x.Date!.Value, null, false)); break;
                case CaseResumed x: c.EndStops(x.Date!.Value, step: false); break;
                case StepStarted x: c.EndStops(x.Date, step: true); if (x.StopsClock) c.Stops.Add((x.Date, null, true)); break;
                case StepCompleted x: c.EndStops(x.Date, step: true); break;
                case CaseFinished x: c.EndStops(x.FinishedDate); break;
                case CaseRefused x: c.EndStops(x.Date); break;
                case CaseStopped x: c.EndStops(x.Date); break;
            }
            switch (e.Data)
            {
                case StepStarted x:
                    if (open is not null) { open.End = x.Date; open.Ending = "returned"; }
                    if (x.BudgetHours > 0) c.Steps.Add(new S { Step = x.Step, Unit = x.Unit, Person = x.Assignee, Start = x.Date, Due = x.DueDate, DueAt = x.Due });
                    break;
                case StepAssigned x when open?.Step == x.Step:
                    if (x.At > open.DueAt) open.AtDue ??= (open.Unit, open.Person);
                    open.Person = x.Assignee;
                    break;
                case CaseTransferred x when open?.Step == x.Step:
                    if (x.At > open.DueAt) open.AtDue ??= (open.Unit, open.Person);
                    (open.Unit, open.Person) = (x.ToUnit, null);
                    break;
                case StepCompleted x when open?.Step == x.Step:
                    (open.End, open.Ending) = (x.Date, "completed");
                    open.Cls = x.Classification switch { Timeliness.Early => "early", Timeliness.OnTime => "on_time", Timeliness.Late => "late", _ => null };
                    (open.Unit, open.Person) = open.Cls != "late" ? (x.Unit, x.By) : open.AtDue is { } held ? held : (open.Unit, open.Person ?? x.By);
                    break;
                case CaseResumed x: c.Due = x.DueDate; if (open?.Step == x.Step) open.Due = x.StepDueDate; break;
                case CaseDueMoved x: c.Due = x.DueDate; break;
                case CaseFinished x:
                    (c.Outcome, c.Closed, c.Due) = ("finished", x.FinishedDate, x.DueDate);
                    c.Cls = x.Classification switch { Timeliness.Early => "early", Timeliness.OnTime => "on_time", _ => "late" };
                    break;
                case CaseRefused x: (c.Outcome, c.Closed) = ("refused", x.Date); if (open is not null) (open.End, open.Ending) = (x.Date, "refused"); break;
                case CaseStopped x: (c.Outcome, c.Closed) = ("stopped", x.Date); if (open is not null) (open.End, open.Ending) = (x.Date, "stopped"); break;
            }
        }
        return cases.Values.ToList();
    }
}
