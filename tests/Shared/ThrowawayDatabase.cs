using Npgsql;

namespace IsoEdms.Testing;

/// <summary>
/// The databases the test fixtures and the benchmark create for themselves and drop at the end (compiled into each of
/// those projects). Dropping does not use DROP DATABASE … WITH (FORCE): on PostgreSQL 15 that needs the right to signal
/// every backend connected to the database, autovacuum workers included, which the cluster's non-superuser role does not
/// have ("42501: must be a member of the role whose process is being terminated"; seen in CI when autovacuum visited a
/// fixture's database as it was dropped). Instead new connections are refused, this role's own connections ended, and a
/// plain DROP DATABASE lets PostgreSQL cancel any autovacuum worker itself.
/// </summary>
public static class ThrowawayDatabase
{
    /// <summary>Creates <paramref name="name"/> on the server of <paramref name="adminConnectionString"/> and returns a connection string to it.</summary>
    public static async Task<string> CreateAsync(string adminConnectionString, string name, bool relaxedCommits = false, int? commandTimeout = null)
    {
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync();
        await ExecuteAsync(conn, $"CREATE DATABASE {Quoted(name)}");
        // a test's commits need not survive a power cut
        if (relaxedCommits) await ExecuteAsync(conn, $"ALTER DATABASE {Quoted(name)} SET synchronous_commit = off");
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name };
        if (commandTimeout is { } seconds) builder.CommandTimeout = seconds;
        return builder.ConnectionString;
    }

    /// <summary>Drops <paramref name="name"/> if it exists, ending the connections this role still holds to it.</summary>
    public static async Task DropAsync(string adminConnectionString, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync();
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn) { Parameters = { new() { Value = name } } })
            if (await exists.ExecuteScalarAsync() is null) return;
        await RefuseConnectionsAsync(conn, name);
        // PostgreSQL itself waits (up to 5 s) for the ended backends to leave and cancels autovacuum workers
        await ExecuteAsync(conn, $"DROP DATABASE IF EXISTS {Quoted(name)}");
    }

    /// <summary>
    /// Closes database <paramref name="name"/> to new connections and ends those this role holds to it. Only this role's:
    /// an autovacuum worker busy in that database runs as a superuser, and on PostgreSQL 15 a role that is not one may
    /// not signal it (42501).
    /// </summary>
    public static async Task RefuseConnectionsAsync(NpgsqlConnection conn, string name)
    {
        await ExecuteAsync(conn, $"ALTER DATABASE {Quoted(name)} ALLOW_CONNECTIONS false");
        await using var end = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()", conn)
            { Parameters = { new() { Value = name } } };
        await end.ExecuteScalarAsync();
    }

    /// <summary>Opens database <paramref name="name"/> to connections again after <see cref="RefuseConnectionsAsync"/>.</summary>
    public static Task AllowConnectionsAsync(NpgsqlConnection conn, string name) =>
        ExecuteAsync(conn, $"ALTER DATABASE {Quoted(name)} ALLOW_CONNECTIONS true");

    private static string Quoted(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
