using System.Globalization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten.Events.Projections;

namespace IsoEdms.Monitoring;

/// <summary>
/// The statistics rows, written straight from the events by the asynchronous daemon (and by a rebuild, the same way).
/// For each case a batch touches, the projection reads the state it keeps for the case (its <see cref="CaseFact"/>,
/// in the case row), folds the batch's events into it with <see cref="CaseFact.Evolve"/> (the one fold of the
/// statistics rules), and writes the case's rows back with two statements: the case row, and its steps in one insert.
/// The columns are named here and filled from typed values, so the rows' shape belongs to this class.
/// </summary>
public sealed class TimelinessProjection : IProjection
{
    public const string ProjectionName = "Timeliness";

    private static readonly HashSet<Type> Read = [.. CaseFact.EventTypes];

    /// <summary>Registers the projection for a store whose documents live in <paramref name="schema"/>; a rebuild empties its tables first.</summary>
    public static void Register(ProjectionOptions projections, string schema, string name = ProjectionName) =>
        projections.Add(new TimelinessProjection(), ProjectionLifecycle.Async, name, o =>
        {
            o.DeleteDataInTableOnTeardown($"{schema}.timeliness_step");
            o.DeleteDataInTableOnTeardown($"{schema}.timeliness_case");
        });

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var byCase = new Dictionary<Guid, List<object>>();
        foreach (var e in events)
        {
            if (!Read.Contains(e.EventType)) continue;
            if (!byCase.TryGetValue(e.StreamId, out var list)) byCase[e.StreamId] = list = [];
            list.Add(e.Data);
        }
        if (byCase.Count == 0) return;

        var schema = operations.DocumentStore.Options.DatabaseSchemaName;
        var continued = byCase.Where(c => c.Value[0] is not CaseReceived).Select(c => c.Key).ToArray();
        var states = continued.Length == 0 ? new Dictionary<Guid, CaseFact>()
            : (await operations.QueryAsync<CaseFact>($"SELECT state FROM {schema}.timeliness_case WHERE case_id = ANY(?)", cancellation, continued))
                .ToDictionary(f => f.Id);
        var serializer = operations.DocumentStore.Options.Serializer();
        foreach (var (id, caseEvents) in byCase)
        {
            var fact = caseEvents.Aggregate(states.GetValueOrDefault(id), CaseFact.Evolve);
            if (fact is null) continue;   // events of a case whose receipt this store does not hold
            var stopped = Stopped(fact);
            operations.QueueSqlCommand($"""
                INSERT INTO {schema}.timeliness_case AS c (case_id, procedure, lead_unit, received, due, outcome, classification, closed, stopped, rating, rating_low, rated, state)
                VALUES (?, ?, ?, ?, ?, ?::text, ?::text, ?::date, ?::datemultirange, ?::numeric, ?, ?::date, ?::jsonb)
                ON CONFLICT (case_id) DO UPDATE SET procedure = excluded.procedure, lead_unit = excluded.lead_unit, received = excluded.received,
                    due = excluded.due, outcome = excluded.outcome, classification = excluded.classification, closed = excluded.closed,
                    stopped = excluded.stopped, rating = excluded.rating, rating_low = excluded.rating_low, rated = excluded.rated, state = excluded.state
                """,
                fact.Id, fact.Procedure, fact.LeadUnit, fact.ReceivedDate, fact.DueDate, Db(fact.Outcome), Db(fact.Classification), Db(fact.ClosedDate),
                stopped, Db(fact.Rating), fact.RatingLow, Db(fact.RatedDate), serializer.ToJson(fact));
            if (fact.Steps.Count == 0) continue;
            var steps = fact.Steps;
            operations.QueueSqlCommand($"""
                INSERT INTO {schema}.timeliness_step AS s (case_id, ordinal, procedure, unit, person, started, due, ended, ending, classification, used_minutes, budget_minutes, stopped)
                SELECT ?, t.ordinal, ?, t.unit, t.person, t.started, t.due, t.ended, t.ending, t.classification, t.used, t.budget, ?::datemultirange
                FROM unnest(?::int[], ?::text[], ?::text[], ?::date[], ?::date[], ?::date[], ?::text[], ?::text[], ?::int[], ?::int[])
                    AS t(ordinal, unit, person, started, due, ended, ending, classification, used, budget)
                ON CONFLICT (case_id, ordinal) DO UPDATE SET procedure = excluded.procedure, unit = excluded.unit, person = excluded.person,
                    started = excluded.started, due = excluded.due, ended = excluded.ended, ending = excluded.ending,
                    classification = excluded.classification, used_minutes = excluded.used_minutes, budget_minutes = excluded.budget_minutes, stopped = excluded.stopped
                """,
                fact.Id, fact.Procedure, stopped,
                Enumerable.Range(1, steps.Count).ToArray(), steps.Select(x => x.Unit).ToArray(), steps.Select(x => x.Person).ToArray(),
                steps.Select(x => x.StartedDate).ToArray(), steps.Select(x => x.DueDate).ToArray(), steps.Select(x => x.EndedDate).ToArray(),
                steps.Select(x => x.Ending).ToArray(), steps.Select(x => x.Classification).ToArray(),
                steps.Select(x => x.UsedMinutes).ToArray(), steps.Select(x => x.BudgetMinutes).ToArray());
        }
    }

    /// <summary>The days the case's clock stood still as a PostgreSQL multirange literal: each stop [from, until), open-ended while it lasts.</summary>
    public static string Stopped(CaseFact fact) =>
        "{" + string.Join(",", fact.Stops.Where(s => s.Until is null || s.Until > s.From)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"[{s.From:yyyy-MM-dd},{s.Until:yyyy-MM-dd})"))) + "}";

    private static object Db<T>(T? value) => (object?)value ?? DBNull.Value;
}
