using System.Globalization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten.Events.Projections;

namespace IsoEdms.Monitoring;

/// <summary>
/// The statistics rows, written straight from the events by the asynchronous daemon (and by a rebuild, the same way).
/// For each case a batch touches, the projection reads the state it keeps for the case (its <see cref="CaseFact"/>, in
/// <c>timeliness_state</c>), folds the batch's events into it with <see cref="CaseFact.Evolve"/> (the one fold of the
/// statistics rules), and writes the batch's states, case rows, changed step rows and daily counts with one statement per table.
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
            o.DeleteDataInTableOnTeardown($"{schema}.timeliness_state");
            o.DeleteDataInTableOnTeardown($"{schema}.timeliness_day");
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
            : (await operations.QueryAsync<CaseFact>($"SELECT state FROM {schema}.timeliness_state WHERE case_id = ANY(?)", cancellation, continued))
                .ToDictionary(f => f.Id);
        var serializer = operations.DocumentStore.Options.Serializer();
        var days = new Dictionary<DayKey, int[]>();
        var stateRows = new List<(Guid Id, string Json)>(byCase.Count);
        var caseRows = new List<(Guid Id, CaseRow Row)>(byCase.Count);
        var stepRows = new List<(Guid Id, string Procedure, StepRow Row)>();
        foreach (var (id, caseEvents) in byCase)
        {
            var before = states.GetValueOrDefault(id);
            var (caseBefore, stepsBefore) = before is null ? (null, []) : Rows(before);
            if (before is not null) TimelinessDays.Add(days, before, -1);   // before the fold, which changes the state in place
            var fact = caseEvents.Aggregate(before, CaseFact.Evolve);
            if (fact is null) continue;   // events of a case whose receipt this store does not hold
            TimelinessDays.Add(days, fact, 1);
            var (row, steps) = Rows(fact);
            stateRows.Add((fact.Id, serializer.ToJson(fact)));
            if (row != caseBefore) caseRows.Add((fact.Id, row));
            // only what changed is written: a completion touches its step and the next, not every step of the case
            for (var i = 0; i < steps.Count; i++)
                if (i >= stepsBefore.Count || steps[i] != stepsBefore[i]) stepRows.Add((fact.Id, fact.Procedure, steps[i]));
        }
        QueueStates(operations, schema, stateRows);
        QueueCases(operations, schema, caseRows);
        QueueSteps(operations, schema, stepRows);
        QueueDays(operations, schema, days);
    }

    // one statement per table and batch, whatever the number of cases (docs/statistics.md); each case appears once in a
    // batch, so no statement touches a row twice

    private static void QueueStates(IDocumentOperations operations, string schema, List<(Guid Id, string Json)> rows)
    {
        if (rows.Count == 0) return;
        operations.QueueSqlCommand($"""
            INSERT INTO {schema}.timeliness_state (case_id, state)
            SELECT t.case_id, t.state::jsonb FROM unnest(?::uuid[], ?::text[]) AS t(case_id, state)
            ON CONFLICT (case_id) DO UPDATE SET state = excluded.state
            """, rows.Select(r => r.Id).ToArray(), rows.Select(r => r.Json).ToArray());
    }

    private static void QueueCases(IDocumentOperations operations, string schema, List<(Guid Id, CaseRow Row)> rows)
    {
        if (rows.Count == 0) return;
        operations.QueueSqlCommand($"""
            INSERT INTO {schema}.timeliness_case AS c (case_id, procedure, lead_unit, received, due, outcome, classification, closed, stopped, rating, rating_low, rated)
            SELECT t.case_id, t.procedure, t.lead_unit, t.received, t.due, t.outcome, t.classification, t.closed, t.stopped::datemultirange, t.rating, t.rating_low, t.rated
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::date[], ?::date[], ?::text[], ?::text[], ?::date[], ?::text[], ?::numeric[], ?::boolean[], ?::date[])
                AS t(case_id, procedure, lead_unit, received, due, outcome, classification, closed, stopped, rating, rating_low, rated)
            ON CONFLICT (case_id) DO UPDATE SET procedure = excluded.procedure, lead_unit = excluded.lead_unit, received = excluded.received,
                due = excluded.due, outcome = excluded.outcome, classification = excluded.classification, closed = excluded.closed,
                stopped = excluded.stopped, rating = excluded.rating, rating_low = excluded.rating_low, rated = excluded.rated
            """,
            rows.Select(r => r.Id).ToArray(), rows.Select(r => r.Row.Procedure).ToArray(), rows.Select(r => r.Row.LeadUnit).ToArray(),
            rows.Select(r => r.Row.Received).ToArray(), rows.Select(r => r.Row.Due).ToArray(), rows.Select(r => r.Row.Outcome).ToArray(),
            rows.Select(r => r.Row.Classification).ToArray(), rows.Select(r => r.Row.Closed).ToArray(), rows.Select(r => r.Row.Stopped).ToArray(),
            rows.Select(r => r.Row.Rating).ToArray(), rows.Select(r => r.Row.RatingLow).ToArray(), rows.Select(r => r.Row.Rated).ToArray());
    }

    private static void QueueSteps(IDocumentOperations operations, string schema, List<(Guid Id, string Procedure, StepRow Row)> rows)
    {
        if (rows.Count == 0) return;
        operations.QueueSqlCommand($"""
            INSERT INTO {schema}.timeliness_step AS s (case_id, ordinal, procedure, step, unit, person, started, due, ended, ending, classification, used_minutes, budget_minutes, stopped)
            SELECT t.case_id, t.ordinal, t.procedure, t.step, t.unit, t.person, t.started, t.due, t.ended, t.ending, t.classification, t.used, t.budget, t.stopped::datemultirange
            FROM unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::date[], ?::date[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[])
                AS t(case_id, ordinal, procedure, step, unit, person, started, due, ended, ending, classification, used, budget, stopped)
            ON CONFLICT (case_id, ordinal) DO UPDATE SET procedure = excluded.procedure, step = excluded.step, unit = excluded.unit, person = excluded.person,
                started = excluded.started, due = excluded.due, ended = excluded.ended, ending = excluded.ending,
                classification = excluded.classification, used_minutes = excluded.used_minutes, budget_minutes = excluded.budget_minutes, stopped = excluded.stopped
            """,
            rows.Select(r => r.Id).ToArray(), rows.Select(r => r.Row.Ordinal).ToArray(), rows.Select(r => r.Procedure).ToArray(),
            rows.Select(r => r.Row.Step).ToArray(), rows.Select(r => r.Row.Unit).ToArray(), rows.Select(r => r.Row.Person).ToArray(),
            rows.Select(r => r.Row.Started).ToArray(), rows.Select(r => r.Row.Due).ToArray(), rows.Select(r => r.Row.Ended).ToArray(),
            rows.Select(r => r.Row.Ending).ToArray(), rows.Select(r => r.Row.Classification).ToArray(), rows.Select(r => r.Row.Used).ToArray(),
            rows.Select(r => r.Row.Budget).ToArray(), rows.Select(r => r.Row.Stopped).ToArray());
    }

    /// <summary>
    /// Adds the batch's changes of the daily counts (<see cref="TimelinessDays"/>) in one statement: the cases' counts
    /// before the batch taken away, after it added; a day whose counts cancel out is not written.
    /// </summary>
    private static void QueueDays(IDocumentOperations operations, string schema, Dictionary<DayKey, int[]> days)
    {
        var changed = days.Where(d => d.Value.Any(v => v != 0)).ToList();
        if (changed.Count == 0) return;
        var columns = TimelinessDays.Columns;
        var parameters = new List<object>
        {
            changed.Select(d => d.Key.Grain).ToArray(), changed.Select(d => d.Key.Unit).ToArray(), changed.Select(d => d.Key.Key).ToArray(),
            changed.Select(d => d.Key.Day).ToArray(),
        };
        for (var i = 0; i < columns.Length; i++)
        {
            var column = i;
            parameters.Add(changed.Select(d => d.Value[column]).ToArray());
        }
        operations.QueueSqlCommand($"""
            INSERT INTO {schema}.timeliness_day AS d (grain, unit, key, day, {string.Join(", ", columns)})
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::date[], {string.Join(", ", columns.Select(_ => "?::int[]"))})
            ON CONFLICT (grain, unit, key, day) DO UPDATE SET {string.Join(", ", columns.Select(c => $"{c} = d.{c} + excluded.{c}"))}
            """, [.. parameters]);
    }

    /// <summary>A case's row of <c>timeliness_case</c>, as values (equal rows need no write).</summary>
    private sealed record CaseRow(string Procedure, string LeadUnit, DateOnly Received, DateOnly Due, string? Outcome, string? Classification,
        DateOnly? Closed, string Stopped, decimal? Rating, bool RatingLow, DateOnly? Rated);

    /// <summary>A step's row of <c>timeliness_step</c>, as values; every step row carries its case's stops.</summary>
    private sealed record StepRow(int Ordinal, string Step, string Unit, string? Person, DateOnly Started, DateOnly Due, DateOnly? Ended, string? Ending,
        string? Classification, int Used, int Budget, string Stopped);

    private static (CaseRow Case, List<StepRow> Steps) Rows(CaseFact f)
    {
        var stopped = Stopped(f);
        return (new CaseRow(f.Procedure, f.LeadUnit, f.ReceivedDate, f.DueDate, f.Outcome, f.Classification, f.ClosedDate, stopped, f.Rating, f.RatingLow, f.RatedDate),
            f.Steps.Select((x, i) => new StepRow(i + 1, x.Step, x.Unit, x.Person, x.StartedDate, x.DueDate, x.EndedDate, x.Ending, x.Classification, x.UsedMinutes,
                x.BudgetMinutes, stopped)).ToList());
    }

    /// <summary>The days the case's clock stood still as a PostgreSQL multirange literal: each stop [from, until), open-ended while it lasts.</summary>
    public static string Stopped(CaseFact fact) =>
        "{" + string.Join(",", fact.Stops.Where(s => s.Until is null || s.Until > s.From)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"[{s.From:yyyy-MM-dd},{s.Until:yyyy-MM-dd})"))) + "}";
}
