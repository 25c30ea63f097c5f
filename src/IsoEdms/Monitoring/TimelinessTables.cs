using Npgsql;

namespace IsoEdms.Monitoring;

/// <summary>
/// The statistics tables the timeliness and satisfaction reports count from, written only by
/// <see cref="TimelinessProjection"/>: <c>timeliness_case</c> (one row per case) and <c>timeliness_step</c> (one row per
/// step with a budget), each indexed by unit and start, and <c>timeliness_day</c> (their counts summed per unit and day, what the
/// report reads: <see cref="TimelinessDays"/>); the projection's own state of each case lives beside them in <c>timeliness_state</c>,
/// so the report's tables stay narrow. Created idempotently per database and schema (a version in the case table's comment), under a
/// lock so that two nodes starting together create them once. Tables of an older version (a trigger mirrored a facts
/// document into them) are replaced, and the projection, under its new name, writes them again from the events.
/// </summary>
public static class TimelinessTables
{
    private const string Version = "isoedms timeliness tables v7";

    /// <summary>Creates the tables in the session's schema unless they are there (one catalogue query when they are).</summary>
    public static async Task EnsureAsync(IQuerySession session, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var conn = session.Database.CreateConnection();
        await conn.OpenAsync(ct);
        if (await InstalledAsync(conn, schema, ct)) return;
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, $"CREATE SCHEMA IF NOT EXISTS {schema}; SELECT pg_advisory_xact_lock(hashtext('{Version}'))", ct);
        if (await InstalledAsync(conn, schema, ct)) return;   // another node created them meanwhile
        await Exec(conn, Ddl(schema), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Gives PostgreSQL fresh statistics of the tables after a rebuild emptied and filled them again: until autovacuum
    /// gets to them, the planner would take them for the empty tables they were (the at-risk report's history query
    /// then ran for more than 30 s on 30,000 dossiers instead of under one).
    /// </summary>
    public static async Task AnalyzeAsync(IQuerySession session, CancellationToken ct)
    {
        var s = session.DocumentStore.Options.DatabaseSchemaName;
        await using var conn = session.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await Exec(conn, $"ANALYZE {s}.timeliness_case, {s}.timeliness_step, {s}.timeliness_day, {s}.timeliness_state", ct);
    }

    /// <summary>
    /// For <c>audit verify</c>: the cases whose rows in <paramref name="live"/> differ from those the projection wrote
    /// again from the events into <paramref name="rebuilt"/> (rows edited, added or lost), one line per table.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DifferencesAsync(NpgsqlConnection conn, string live, string rebuilt, CancellationToken ct)
    {
        var differences = new List<string>();
        foreach (var (table, columns) in new[] { ("timeliness_case", CaseColumns), ("timeliness_step", StepColumns) })
        {
            string Rows(string schema) => $"SELECT {columns} FROM {schema}.{table}";
            await using var cmd = new NpgsqlCommand(
                $"SELECT DISTINCT case_id::text FROM (({Rows(live)} EXCEPT ALL {Rows(rebuilt)}) UNION ALL ({Rows(rebuilt)} EXCEPT ALL {Rows(live)})) x ORDER BY 1", conn)
            { CommandTimeout = 0 };
            var cases = new List<string>();
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) cases.Add(reader.GetString(0));
            if (cases.Count > 0)
                differences.Add($"{table}: the rows of {cases.Count} case(s) differ from a rebuild from the events (the reports would count them wrongly): " +
                                string.Join(", ", cases.Take(10)) + (cases.Count > 10 ? ", …" : ""));
        }
        // the daily counts: a row whose counts are all zero counts nothing, whether it is there or not
        var counted = string.Join(" OR ", TimelinessDays.Columns.Select(c => $"{c} <> 0"));
        string Days(string schema) => $"SELECT grain, unit, key, day, {string.Join(", ", TimelinessDays.Columns)} FROM {schema}.timeliness_day WHERE {counted}";
        await using (var days = new NpgsqlCommand(
            $"SELECT grain || ' ' || unit || ' ' || key || ' ' || day, count(*) OVER () FROM (({Days(live)} EXCEPT ALL {Days(rebuilt)}) UNION ALL ({Days(rebuilt)} EXCEPT ALL {Days(live)})) x " +
            "GROUP BY grain, unit, key, day ORDER BY grain, unit, key, day LIMIT 10", conn) { CommandTimeout = 0 })
        {
            var rows = new List<string>();
            long total = 0;
            await using var reader = await days.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) { rows.Add(reader.GetString(0)); total = reader.GetInt64(1); }
            if (rows.Count > 0)
                differences.Add($"timeliness_day: {total} daily count(s) differ from a rebuild from the events (the reports would count them wrongly): " +
                                string.Join(", ", rows) + (total > rows.Count ? ", …" : ""));
        }
        return differences;
    }

    /// <summary>The columns a report reads (the projection's private state is left out of comparisons).</summary>
    private const string CaseColumns = "case_id, procedure, lead_unit, received, due, outcome, classification, closed, stopped, rating, rating_low, rated";
    private const string StepColumns = "case_id, ordinal, procedure, step, unit, person, started, due, ended, ending, classification, used_minutes, budget_minutes, stopped";

    private static async Task<bool> InstalledAsync(NpgsqlConnection conn, string schema, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT coalesce(obj_description(to_regclass($1)::oid, 'pg_class') = $2, false) AND to_regclass($3) IS NOT NULL", conn)
        {
            Parameters = { new() { Value = $"{schema}.timeliness_case" }, new() { Value = Version }, new() { Value = $"{schema}.timeliness_step" } },
        };
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Ddl(string s) => $"""
        -- up to v2 a trigger mirrored a facts document into the tables; both go, the projection writes the rows itself
        DROP FUNCTION IF EXISTS {s}.timeliness_mirror() CASCADE;
        DROP FUNCTION IF EXISTS {s}.timeliness_case_row(uuid, jsonb), {s}.timeliness_step_rows(uuid, jsonb), {s}.timeliness_stops(jsonb);
        DROP TABLE IF EXISTS {s}.mt_doc_casefact, {s}.timeliness_case, {s}.timeliness_step, {s}.timeliness_state, {s}.timeliness_day;
        -- new tables are empty: the daemon writes them again from the first event (an upgrade is a rebuild of this projection)
        DO $$ BEGIN IF to_regclass('{s}.mt_event_progression') IS NOT NULL THEN
            DELETE FROM {s}.mt_event_progression WHERE name LIKE '{TimelinessProjection.ProjectionName}:%' OR name = '{TimelinessProjection.ProjectionName}'; END IF; END $$;
        CREATE TABLE {s}.timeliness_case (
            case_id uuid PRIMARY KEY, procedure text NOT NULL, lead_unit text NOT NULL, received date NOT NULL, due date NOT NULL,
            outcome text, classification text, closed date, stopped datemultirange NOT NULL,
            rating numeric, rating_low boolean NOT NULL, rated date);
        CREATE TABLE {s}.timeliness_state (case_id uuid PRIMARY KEY, state jsonb NOT NULL);
        CREATE TABLE {s}.timeliness_step (
            case_id uuid NOT NULL, ordinal int NOT NULL, procedure text NOT NULL, step text NOT NULL, unit text NOT NULL, person text,
            started date NOT NULL, due date NOT NULL, ended date, ending text, classification text,
            used_minutes int NOT NULL, budget_minutes int NOT NULL, stopped datemultirange NOT NULL, PRIMARY KEY (case_id, ordinal));
        -- a unit's cases and steps by the day they started (the at-risk report; a report as of a past day). Until v6 these
        -- indexes covered every column the report counted; the report reads timeliness_day since, so they stay narrow
        CREATE INDEX timeliness_case_unit ON {s}.timeliness_case (lead_unit, received);
        CREATE INDEX timeliness_step_unit ON {s}.timeliness_step (unit, started);
        -- the at-risk report's history: the steps of a procedure, by step and unit
        CREATE INDEX timeliness_step_procedure ON {s}.timeliness_step (procedure, step) INCLUDE (unit, ordinal);
        -- the report's counts, summed per unit and day (TimelinessDays): a unit's period is a range of its primary key
        CREATE TABLE {s}.timeliness_day (
            grain text NOT NULL, unit text NOT NULL, key text NOT NULL, day date NOT NULL,
            received int NOT NULL, closed int NOT NULL, early int NOT NULL, on_time int NOT NULL, late int NOT NULL, refused int NOT NULL,
            stopped int NOT NULL, overdue_change int NOT NULL, used_minutes int NOT NULL, budget_minutes int NOT NULL,
            PRIMARY KEY (grain, unit, key, day));
        CREATE INDEX timeliness_case_rated ON {s}.timeliness_case (rated) INCLUDE (lead_unit, rating, rating_low) WHERE rated IS NOT NULL;
        COMMENT ON TABLE {s}.timeliness_case IS '{Version}';
        """;
}

/// <summary>Creates the statistics tables when the app starts, before the first report or projected event needs them.</summary>
public sealed class TimelinessTablesOnStartup(IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        await TimelinessTables.EnsureAsync(session, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
