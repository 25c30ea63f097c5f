using Npgsql;

namespace IsoEdms.Infrastructure;

/// <summary>
/// One app node at a time goes through start-up on a database: before any hosted service starts, the node takes a
/// PostgreSQL advisory lock on its own connection, and lets it go once every hosted service (Marten's and Wolverine's
/// schema setup, Hangfire's storage, the statistics tables, the web server) has started. Nodes started together on a new
/// database (a cluster's first start, a rolling deploy with a new table) would otherwise create the same schema, table or
/// index at the same moment, and the loser fails (PostgreSQL's <c>CREATE ... IF NOT EXISTS</c> is not safe against a
/// concurrent twin: "relation already exists", a duplicate key in <c>pg_namespace</c>). The lock is a session lock:
/// a node that dies while starting releases it with its connection. Schema that no framework's own start-up creates
/// (<see cref="IStartupSchema"/>: Hangfire's tables) is created right after the lock is taken. docs/deployment.md.
/// </summary>
public sealed class StartupLock(IDocumentStore store, IEnumerable<IStartupSchema> schemas, ILogger<StartupLock> log) : IHostedLifecycleService, IAsyncDisposable
{
    /// <summary>How long a node waits for another node's start-up before it gives up and says so.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromMinutes(5);

    private const string Key = "hashtext('isoedms:start-up')";
    private NpgsqlConnection? _held;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var conn = store.Storage.Database.CreateConnection();
        try
        {
            await conn.OpenAsync(cancellationToken);
            await using var cmd = new NpgsqlCommand(
                $"SET lock_timeout = '{(int)Wait.TotalMilliseconds}ms'; SELECT pg_advisory_lock({Key}); SET lock_timeout = 0", conn);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            foreach (var schema in schemas) await schema.EnsureAsync(conn, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            await conn.DisposeAsync();
            throw new InvalidOperationException(
                $"another app node has been starting on this database for more than {Wait.TotalMinutes:0} minutes (it holds the start-up lock); is it stuck?", ex);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
        _held = conn;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => ReleaseAsync();

    private async Task ReleaseAsync()
    {
        if (_held is not { } conn) return;
        _held = null;
        try
        {
            await using var cmd = new NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            // closing the connection below releases a session lock all the same
            log.LogWarning(ex, "start-up lock: unlock failed; the connection's close releases it");
        }
        finally
        {
            await conn.DisposeAsync();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A start-up that failed half-way lets the lock go with the connection.</summary>
    public ValueTask DisposeAsync() => new(ReleaseAsync());
}

/// <summary>Schema a node creates or upgrades at start-up while it holds the <see cref="StartupLock"/>, on the lock's connection.</summary>
public interface IStartupSchema
{
    Task EnsureAsync(NpgsqlConnection connection, CancellationToken ct);
}
