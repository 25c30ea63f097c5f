using Npgsql;

namespace IsoEdms.Infrastructure;

/// <summary>
/// Where the event store lives: the host's configuration (<c>ConnectionStrings:IsoEdms</c>, which test hosts set), else
/// ISOEDMS_DB, else the embedded default of infra/db.sh (its port moved by ISOEDMS_PG_PORT).
/// </summary>
public static class Database
{
    public const string EnvironmentVariable = "ISOEDMS_DB";
    public const string ConfigurationKey = "ConnectionStrings:IsoEdms";
    public const string EmbeddedDefault = "Host=127.0.0.1;Port=55433;Database=isoedms;Username=isoedms;Password=isoedms";

    public static string Resolve(IConfiguration? configuration = null)
    {
        var fromConfig = configuration?[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(fromConfig)) return fromConfig;
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv)) return fromEnv;
        var port = Environment.GetEnvironmentVariable("ISOEDMS_PG_PORT");
        return string.IsNullOrWhiteSpace(port) ? EmbeddedDefault : EmbeddedDefault.Replace("Port=55433", $"Port={port}");
    }

    /// <summary>
    /// The event store's pool: a connection handed back is not reset with <c>DISCARD ALL</c> unless the connection string
    /// says otherwise. That reset also throws away the plans PostgreSQL cached for Marten's append function on that
    /// connection, so every command re-planned it (0.56 ms per append under load, 0.23 ms without the reset, measured in
    /// <c>pg_stat_statements</c> during <c>bench --commands-only</c>). Nothing here leaves session state behind: the
    /// advisory locks taken are transaction-scoped and no statement changes a session setting outside a transaction.
    /// <para>
    /// Statements the app sends again and again (Marten's upserts and appends, the loads, the reports) are prepared on each
    /// connection once they have been seen twice (Npgsql's automatic preparation), unless the connection string says
    /// otherwise: PostgreSQL then neither parses nor plans them again. Marten's document upsert, with its sub-selects,
    /// cost more to plan than to run: the import's case documents took 380 ms a batch of 1,000 without, 230 ms with.
    /// </para>
    /// <para>
    /// Large values (a case document is several kB of JSON) are compressed with LZ4 rather than PostgreSQL's default pglz,
    /// unless the connection string's <c>Options</c> name <c>default_toast_compression</c>: pglz's compression was the
    /// largest single item of PostgreSQL's CPU in an import (7.5 % of the machine's samples), and the case documents'
    /// inserts took 0.064-0.083 ms with LZ4 against 0.147-0.167 ms with pglz (<c>pg_stat_statements</c>, 30,000 dossiers).
    /// Values already stored keep their compression; PostgreSQL reads both. The server must be built with LZ4 (Debian's and
    /// the PostgreSQL project's packages are).
    /// </para>
    /// </summary>
    public static string Pooled(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)) b.NoResetOnClose = true;
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            b.MaxAutoPrepare = 200;
            b.AutoPrepareMinUsages = 2;
        }
        if (b.Options?.Contains("default_toast_compression", StringComparison.OrdinalIgnoreCase) != true)
            b.Options = string.IsNullOrWhiteSpace(b.Options) ? Lz4 : $"{b.Options} {Lz4}";
        return b.ConnectionString;
    }

    private const string Lz4 = "-c default_toast_compression=lz4";

    /// <summary>"host:port" of a connection string, for messages a person can act on.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{b.Host ?? "localhost"}:{b.Port} (database {b.Database ?? "?"})";
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }
    }

    /// <summary>One line saying why the database cannot be used, or null when it answers.</summary>
    public static async Task<string?> ProbeAsync(string connectionString, CancellationToken ct = default)
    {
        NpgsqlConnectionStringBuilder b;
        try
        {
            b = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false };
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            return $"{EnvironmentVariable} is not a valid Npgsql connection string: {ex.Message}";
        }
        try
        {
            await using var conn = new NpgsqlConnection(b.ConnectionString);
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("select 1", conn);
            await cmd.ExecuteScalarAsync(ct);
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            var reason = ex.InnerException is System.Net.Sockets.SocketException se ? se.Message : ex.Message;
            return $"cannot reach PostgreSQL at {b.Host}:{b.Port} (database {b.Database}): {reason.Split('\n')[0].Trim()}";
        }
    }
}
