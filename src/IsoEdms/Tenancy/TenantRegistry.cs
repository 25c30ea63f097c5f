using System.Text.RegularExpressions;
using Marten.Storage;
using Npgsql;

namespace IsoEdms.Tenancy;

/// <summary>A tenant (a province or another deploying authority) and where its database is.</summary>
public sealed record TenantEntry(string Id, string ConnectionString)
{
    /// <summary>Host, port and database, never the password: what <c>tenants list</c> shows.</summary>
    public string Where => Database.Describe(ConnectionString);
}

/// <summary>Why a tenant cannot be added or used (exit 1 on the command line, with this message).</summary>
public sealed class TenantException(string message) : Exception(message);

/// <summary>
/// The tenants of a deployment: Marten's master-table tenancy (<c>mt_tenant_databases</c> in the home database's
/// schema), so a tenant added at run time is seen by the next command or node without a restart. The home database is
/// the one the single-database setup uses (ConnectionStrings:IsoEdms, ISOEDMS_DB or the embedded default); it is also the
/// default tenant, <see cref="Default"/>. docs/deployment.md says how the pieces fit.
/// </summary>
public static partial class TenantRegistry
{
    /// <summary>The home database as a tenant: what every verb and node works in when no tenant is named.</summary>
    public const string Default = "default";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex IdPattern();

    /// <summary>Null when <paramref name="id"/> can name a tenant, else why not.</summary>
    public static string? CheckId(string id) =>
        id == Default ? $"'{Default}' is the home database itself; give the new tenant another id"
        : IdPattern().IsMatch(id) ? null
        : $"tenant id '{id}' must be 1-40 lower-case letters, digits or hyphens, starting with a letter or digit";

    private static DocumentStore RegistryStore(string home) =>
        DocumentStore.For(o => o.MultiTenantedDatabasesWithMasterDatabaseTable(home, MartenSetup.Schema));

    private static MasterTableTenancy Tenancy(DocumentStore store) => (MasterTableTenancy)store.Options.Tenancy;

    /// <summary>Whether <paramref name="id"/> was new (false: it was already there with this very connection).</summary>
    public static async Task<bool> AddAsync(string home, string id, string connectionString, CancellationToken ct)
    {
        if (CheckId(id) is { } bad) throw new TenantException(bad);
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new TenantException($"--connection is not a valid Npgsql connection string: {ex.Message}");
        }
        if (SameDatabase(home, connectionString))
            throw new TenantException($"--connection names the home database {Database.Describe(home)}, the default tenant; a tenant needs a database of its own");
        var existing = (await ListAsync(home, ct)).FirstOrDefault(t => t.Id == id);
        if (existing is not null && !SameDatabase(existing.ConnectionString, connectionString))
            throw new TenantException($"tenant '{id}' already uses {existing.Where}; a tenant's database is not moved by adding it again");
        if (await Database.ProbeAsync(connectionString, ct) is { } unreachable) throw new TenantException(unreachable);

        // the tenant's schema: the event store's tables and functions, then the statistics' own tables
        await using (var tenantStore = DocumentStore.For(o => MartenSetup.Configure(o, connectionString, withAsyncProjections: false)))
        {
            await tenantStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await using var q = tenantStore.QuerySession();
            await Monitoring.TimelinessTables.EnsureAsync(q, ct);
        }
        if (existing is not null) return false;
        await using var registry = RegistryStore(home);
        await Tenancy(registry).TenantDatabase.ApplyAllConfiguredChangesToDatabaseAsync(ct: ct);
        await Tenancy(registry).AddTenantAsync(id, connectionString);
        return true;
    }

    /// <summary>Every tenant added, by id (not the home database). Empty before the first <c>tenants add</c>.</summary>
    public static async Task<IReadOnlyList<TenantEntry>> ListAsync(string home, CancellationToken ct)
    {
        // Marten keeps the connection strings in its table and hands out only data sources (which drop the password), so
        // the list reads the table Marten writes: one row per tenant, id and connection string.
        await using var conn = new NpgsqlConnection(home);
        await conn.OpenAsync(ct);
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{MartenSetup.Schema}.mt_tenant_databases') IS NOT NULL", conn))
            if (await exists.ExecuteScalarAsync(ct) is not true) return [];
        await using var cmd = new NpgsqlCommand(
            $"SELECT tenant_id, connection_string FROM {MartenSetup.Schema}.mt_tenant_databases WHERE NOT disabled ORDER BY tenant_id", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var tenants = new List<TenantEntry>();
        while (await reader.ReadAsync(ct)) tenants.Add(new TenantEntry(reader.GetString(0), reader.GetString(1)));
        return tenants;
    }

    /// <summary>The connection string of <paramref name="id"/>: the home database for <see cref="Default"/>.</summary>
    public static async Task<string> ConnectionOfAsync(string home, string id, CancellationToken ct)
    {
        if (id == Default) return home;
        if (await Database.ProbeAsync(home, ct) is { } unreachable) throw new TenantException(unreachable);
        return (await ListAsync(home, ct)).FirstOrDefault(t => t.Id == id)?.ConnectionString
            ?? throw new TenantException($"unknown tenant '{id}' ('tenants list' shows them; 'tenants add' adds one)");
    }

    /// <summary>The default tenant first, then every tenant added: what a national roll-up reads.</summary>
    public static async Task<IReadOnlyList<TenantEntry>> AllAsync(string home, CancellationToken ct) =>
        [new TenantEntry(Default, home), .. await ListAsync(home, ct)];

    private static bool SameDatabase(string a, string b)
    {
        var x = new NpgsqlConnectionStringBuilder(a);
        var y = new NpgsqlConnectionStringBuilder(b);
        return string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase) && x.Port == y.Port && x.Database == y.Database;
    }
}
