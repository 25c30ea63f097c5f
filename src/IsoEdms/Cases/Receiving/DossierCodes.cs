using Marten.Storage;
using Npgsql;

namespace IsoEdms.Cases.Receiving;

/// <summary>An idempotency key already used for a receipt at a unit: a retried request gets the same case back.</summary>
public sealed class ReceiptKey
{
    public string Id { get; set; } = "";
    public Guid CaseId { get; set; }
}

public static class DossierCodes
{
    /// <summary>
    /// A dossier code: the receiving unit's prefix (its declared agency code, else its own code in capitals: rule 23, see
    /// <see cref="Domain.Organisation.DossierPrefixes"/>), the year and the unit's running number of that year, as in "XQD-2026-000123".
    /// </summary>
    public static string Format(string prefix, int year, int number) => $"{prefix}-{year}-{number:D6}";

    /// <summary>The running number of a code given with <paramref name="prefix"/> (or brought by an import) in <paramref name="year"/>, if it has that form.</summary>
    public static int? NumberOf(string prefix, int year, string code) =>
        code.StartsWith($"{prefix}-{year}-", StringComparison.Ordinal) && int.TryParse(code.AsSpan(prefix.Length + 6), out var n) ? n : null;
}

/// <summary>
/// The last dossier number each unit gave in a year, one row per unit and year in the store's database (so per tenant).
/// A number is taken by one atomic statement outside the receipt's transaction: desks of one unit never wait on each
/// other's transactions and never collide. A receipt that fails after taking its number leaves a gap in the book, which
/// the register shows as a number never used; the import raises the counter past the numbers it brings.
/// </summary>
public static class DossierNumbers
{
    public const string Table = "dossier_number";

    private static string Create(string schema) =>
        $"CREATE TABLE IF NOT EXISTS {schema}.{Table} (unit text NOT NULL, year int NOT NULL, last int NOT NULL, PRIMARY KEY (unit, year))";

    /// <summary>Runs <paramref name="work"/> on a connection of the store's database, creating the table the first time it is missing.</summary>
    private static async Task<T> OnTableAsync<T>(IMartenDatabase database, string schema, Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        await using var conn = database.CreateConnection();
        await conn.OpenAsync(ct);
        try { return await work(conn); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // desks racing to create it wait on one lock: CREATE ... IF NOT EXISTS alone is not safe under concurrency
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                await using (var create = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(hashtext('{schema}.{Table}')); {Create(schema)}", conn, tx))
                    await create.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
            }
            return await work(conn);
        }
    }

    /// <summary>The unit's next number of the year; its codes start with <paramref name="prefix"/>.</summary>
    public static Task<int> NextAsync(IMartenDatabase database, string schema, string unit, string prefix, int year, CancellationToken ct) =>
        OnTableAsync(database, schema, conn => NextAsync(conn, schema, unit, prefix, year, ct), ct);

    private static async Task<int> NextAsync(NpgsqlConnection conn, string schema, string unit, string prefix, int year, CancellationToken ct)
    {
        // The desks of one unit queue on this row for as long as the statement's transaction lasts. It commits without
        // waiting for the disk (synchronous_commit off, for this transaction only): a receipt that uses the number commits
        // normally afterwards, which flushes the log up to and past this update, so a number in a stored code is never
        // given again after a crash; only a number no stored receipt used could be, and such a number is a gap anyway.
        await using (var take = new NpgsqlBatch(conn)
        {
            BatchCommands =
            {
                new("BEGIN"), new("SET LOCAL synchronous_commit TO OFF"),
                new($"UPDATE {schema}.{Table} SET last = last + 1 WHERE unit = $1 AND year = $2 RETURNING last") { Parameters = { new() { Value = unit }, new() { Value = year } } },
                new("COMMIT"),
            },
        })
        {
            int? taken = null;
            try
            {
                await using var reader = await take.ExecuteReaderAsync(ct);
                do   // the UPDATE's RETURNING is the one result with a column; BEGIN, SET and COMMIT have none
                    if (reader.FieldCount == 1 && await reader.ReadAsync(ct)) taken = reader.GetInt32(0);
                while (await reader.NextResultAsync(ct));
            }
            catch (PostgresException)
            {
                // the batch stopped inside its transaction (the table is missing, say): end it before the caller goes on
                await using var rollback = new NpgsqlCommand("ROLLBACK", conn);
                await rollback.ExecuteNonQueryAsync(CancellationToken.None);
                throw;
            }
            if (taken is { } next) return next;
        }
        // the unit's first receipt of the year: start after any number with its prefix already in the store, whichever unit
        // holds it (an import, an older counter, a prefix that moved from another unit): codes are unique store-wide (rule 23)
        var highest = 0;
        try
        {
            await using var max = new NpgsqlCommand($"SELECT code FROM {schema}.mt_doc_casedetails WHERE code LIKE $1", conn)
                { Parameters = { new() { Value = $"{prefix}-{year}-%" } } };
            await using var reader = await max.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (DossierCodes.NumberOf(prefix, year, reader.GetString(0)) is { } n && n > highest) highest = n;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { }   // a store without any case yet
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {schema}.{Table} AS d (unit, year, last) VALUES ($1, $2, $3) ON CONFLICT (unit, year) DO UPDATE SET last = d.last + 1 RETURNING last", conn)
            { Parameters = { new() { Value = unit }, new() { Value = year }, new() { Value = highest + 1 } } };
        return (int)(await insert.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// After an import: each unit's counter for each year stands at least at the highest number given, in one statement. The
    /// statement takes the rows in one order (its ORDER BY: unit, year), so two imports raising the same counters at once
    /// wait for each other rather than deadlock.
    /// </summary>
    public static Task RaiseToAsync(IMartenDatabase database, string schema, IEnumerable<(string Unit, int Year, int Number)> highest, CancellationToken ct)
    {
        // one row per counter: a statement may not update the same row twice
        var rows = highest.GroupBy(h => (h.Unit, h.Year)).Select(g => (g.Key.Unit, g.Key.Year, Number: g.Max(h => h.Number))).ToArray();
        if (rows.Length == 0) return Task.CompletedTask;
        return OnTableAsync(database, schema, async conn =>
        {
            await using var cmd = new NpgsqlCommand(
                $"INSERT INTO {schema}.{Table} AS d (unit, year, last) SELECT * FROM unnest($1::text[], $2::int[], $3::int[]) ORDER BY 1, 2 " +
                "ON CONFLICT (unit, year) DO UPDATE SET last = GREATEST(d.last, EXCLUDED.last)", conn)
                { Parameters = { new() { Value = rows.Select(r => r.Unit).ToArray() }, new() { Value = rows.Select(r => r.Year).ToArray() }, new() { Value = rows.Select(r => r.Number).ToArray() } } };
            return await cmd.ExecuteNonQueryAsync(ct);
        }, ct);
    }
}
