using Marten.Storage;
using Npgsql;

namespace IsoEdms.Monitoring;

/// <summary>
/// Two narrow tables that mirror the <see cref="CaseFact"/> documents row for row, so the timeliness report counts in SQL
/// instead of reading every fact of a unit into memory: <c>timeliness_case</c> (one row per case) and
/// <c>timeliness_step</c> (one row per step with a budget). A trigger on the facts' table keeps them equal to the
/// documents on every insert, update, delete and truncate, so whatever writes the facts (the daemon, a rebuild, the CLI)
/// keeps the mirror; it copies fields and decides nothing. Installed idempotently per database (a version in the
/// trigger function's comment), with a copy of the facts already stored, under a lock so concurrent writers wait.
/// </summary>
public static class TimelinessTables
{
    private const string Version = "isoedms timeliness mirror v2";

    /// <summary>Installs the mirror in the session's database unless it is there (one catalogue query when it is).</summary>
    public static async Task EnsureAsync(IQuerySession session, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        var database = session.Database;
        await using var conn = database.CreateConnection();
        await conn.OpenAsync(ct);
        if (await InstalledAsync(conn, schema, ct)) return;

        await database.EnsureStorageExistsAsync(typeof(CaseFact), ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, $"SELECT pg_advisory_xact_lock(hashtext('{Version}'))", ct);
        if (await InstalledAsync(conn, schema, ct)) return;   // another node installed it meanwhile
        await Exec(conn, Ddl(schema), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// For <c>audit verify</c>: the cases whose mirror rows differ from a fresh flattening of their fact documents (rows
    /// edited, added or lost behind the trigger's back), one line per table. Nothing when the mirror is not installed yet.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DifferencesAsync(IQuerySession session, CancellationToken ct)
    {
        var s = session.DocumentStore.Options.DatabaseSchemaName;
        await using var conn = session.Database.CreateConnection();
        await conn.OpenAsync(ct);
        if (!await InstalledAsync(conn, s, ct)) return [];
        var differences = new List<string>();
        foreach (var (table, flatten) in new[] { ("timeliness_case", "timeliness_case_row"), ("timeliness_step", "timeliness_step_rows") })
        {
            var fresh = $"SELECT r.* FROM {s}.mt_doc_casefact f, LATERAL {s}.{flatten}(f.id, f.data) r";
            await using var cmd = new NpgsqlCommand(
                $"SELECT DISTINCT case_id::text FROM ((SELECT * FROM {s}.{table} EXCEPT ALL {fresh}) UNION ALL ({fresh} EXCEPT ALL SELECT * FROM {s}.{table})) x ORDER BY 1", conn)
            { CommandTimeout = 0 };
            var cases = new List<string>();
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) cases.Add(reader.GetString(0));
            if (cases.Count > 0)
                differences.Add($"{table}: the rows of {cases.Count} case(s) differ from their facts (the timeliness report would count them wrongly): " +
                                string.Join(", ", cases.Take(10)) + (cases.Count > 10 ? ", …" : ""));
        }
        return differences;
    }

    private static async Task<bool> InstalledAsync(NpgsqlConnection conn, string schema, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT coalesce(obj_description(to_regproc($1)::oid, 'pg_proc') = $2, false) " +
            "AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass($3) AND tgname = 'timeliness_mirror_rows')", conn)
        {
            Parameters = { new() { Value = $"{schema}.timeliness_mirror" }, new() { Value = Version }, new() { Value = $"{schema}.mt_doc_casefact" } },
        };
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };   // the first copy of a province's facts takes a while
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The tables, the functions that flatten one fact document (property names as Marten stores them), the triggers, and the first copy.</summary>
    private static string Ddl(string s) => $"""
        CREATE TABLE IF NOT EXISTS {s}.timeliness_case (
            case_id uuid PRIMARY KEY, procedure text NOT NULL, lead_unit text NOT NULL, received date NOT NULL, due date NOT NULL,
            outcome text, classification text, closed date);
        CREATE TABLE IF NOT EXISTS {s}.timeliness_step (
            case_id uuid NOT NULL, ordinal int NOT NULL, procedure text NOT NULL, unit text NOT NULL, person text,
            started date NOT NULL, due date NOT NULL, ended date, ending text, classification text,
            used_minutes int NOT NULL, budget_minutes int NOT NULL, PRIMARY KEY (case_id, ordinal));
        -- v2: the days the case's clock stood still (a case is not overdue on them); added last, so v1 tables upgrade in place
        ALTER TABLE {s}.timeliness_case ADD COLUMN IF NOT EXISTS stopped datemultirange NOT NULL DEFAULT datemultirange();
        ALTER TABLE {s}.timeliness_step ADD COLUMN IF NOT EXISTS stopped datemultirange NOT NULL DEFAULT datemultirange();
        -- a unit's report reads only the index (covering: every column the count looks at)
        DROP INDEX IF EXISTS {s}.timeliness_case_unit;
        CREATE INDEX timeliness_case_unit ON {s}.timeliness_case (lead_unit, received)
            INCLUDE (closed, due, outcome, classification, procedure, stopped);
        DROP INDEX IF EXISTS {s}.timeliness_step_unit;
        CREATE INDEX timeliness_step_unit ON {s}.timeliness_step (unit, started)
            INCLUDE (ended, due, ending, classification, person, procedure, used_minutes, budget_minutes, stopped);

        CREATE OR REPLACE FUNCTION {s}.timeliness_stops(d jsonb) RETURNS datemultirange LANGUAGE sql IMMUTABLE AS $f$
            SELECT coalesce(range_agg(daterange((x->>'from')::date, (x->>'until')::date, '[)')), datemultirange())
            FROM jsonb_array_elements(coalesce(d->'stops', '[]'::jsonb)) x $f$;

        CREATE OR REPLACE FUNCTION {s}.timeliness_case_row(id uuid, d jsonb) RETURNS SETOF {s}.timeliness_case LANGUAGE sql IMMUTABLE AS $f$
            SELECT id, d->>'procedure', d->>'leadUnit', (d->>'receivedDate')::date, (d->>'dueDate')::date,
                   d->>'outcome', d->>'classification', (d->>'closedDate')::date, {s}.timeliness_stops(d) $f$;
        CREATE OR REPLACE FUNCTION {s}.timeliness_step_rows(id uuid, d jsonb) RETURNS SETOF {s}.timeliness_step LANGUAGE sql IMMUTABLE AS $f$
            SELECT id, x.n::int, d->>'procedure', x.j->>'unit', x.j->>'person', (x.j->>'startedDate')::date, (x.j->>'dueDate')::date,
                   (x.j->>'endedDate')::date, x.j->>'ending', x.j->>'classification',
                   coalesce((x.j->>'usedMinutes')::int, 0), coalesce((x.j->>'budgetMinutes')::int, 0), {s}.timeliness_stops(d)
            FROM jsonb_array_elements(coalesce(d->'steps', '[]'::jsonb)) WITH ORDINALITY x(j, n) $f$;

        CREATE OR REPLACE FUNCTION {s}.timeliness_mirror() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                TRUNCATE {s}.timeliness_case, {s}.timeliness_step;
                RETURN NULL;
            END IF;
            IF TG_OP <> 'INSERT' THEN
                DELETE FROM {s}.timeliness_case WHERE case_id = OLD.id;
                DELETE FROM {s}.timeliness_step WHERE case_id = OLD.id;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO {s}.timeliness_case SELECT * FROM {s}.timeliness_case_row(NEW.id, NEW.data);
                INSERT INTO {s}.timeliness_step SELECT * FROM {s}.timeliness_step_rows(NEW.id, NEW.data);
            END IF;
            RETURN NULL;
        END $f$;

        LOCK TABLE {s}.mt_doc_casefact IN SHARE ROW EXCLUSIVE MODE;
        CREATE OR REPLACE TRIGGER timeliness_mirror_rows AFTER INSERT OR UPDATE OR DELETE ON {s}.mt_doc_casefact
            FOR EACH ROW EXECUTE FUNCTION {s}.timeliness_mirror();
        CREATE OR REPLACE TRIGGER timeliness_mirror_truncate AFTER TRUNCATE ON {s}.mt_doc_casefact
            FOR EACH STATEMENT EXECUTE FUNCTION {s}.timeliness_mirror();
        TRUNCATE {s}.timeliness_case, {s}.timeliness_step;
        INSERT INTO {s}.timeliness_case SELECT r.* FROM {s}.mt_doc_casefact f, LATERAL {s}.timeliness_case_row(f.id, f.data) r;
        INSERT INTO {s}.timeliness_step SELECT r.* FROM {s}.mt_doc_casefact f, LATERAL {s}.timeliness_step_rows(f.id, f.data) r;
        ANALYZE {s}.timeliness_case;
        ANALYZE {s}.timeliness_step;
        COMMENT ON FUNCTION {s}.timeliness_mirror() IS '{Version}';
        """;
}

/// <summary>Installs the mirror when the app starts, so the first report does not wait for the copy of the facts.</summary>
public sealed class TimelinessTablesOnStartup(IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        await TimelinessTables.EnsureAsync(session, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
