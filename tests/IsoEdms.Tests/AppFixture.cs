using Alba;
using IsoEdms.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IsoEdms.Tests;

/// <summary>
/// One throwaway database per test class (Marten, Wolverine and Hangfire all take database-scoped advisory locks, so a
/// database isolates them), a host on it with a fake clock, dropped at the end. ISOEDMS_KEEP_DB=1 keeps it.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public string DatabaseName { get; } = $"isoedms_t_{Guid.NewGuid():N}"[..22];
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        var admin = Database.Resolve();
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", conn);
            await cmd.ExecuteNonQueryAsync();
            await using var fast = new NpgsqlCommand($"ALTER DATABASE {DatabaseName} SET synchronous_commit = off", conn);
            await fast.ExecuteNonQueryAsync();
        }
        Foundation.JobWatcher.Install();
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = DatabaseName }.ConnectionString;
        Host = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting(Database.ConfigurationKey, ConnectionString);
            b.UseSetting("IsoEdms:Processes", Path.Combine(RepoPaths.Root, "processes"));
            // the sweeps run when a test triggers them, not on the wall clock's minute
            b.UseSetting("IsoEdms:Jobs:deadline-sweep", Hangfire.Cron.Never());
            b.UseSetting("IsoEdms:Jobs:corrective-action-overdue", Hangfire.Cron.Never());
            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("ISOEDMS_KEEP_DB") == "1") return;
        await using var conn = new NpgsqlConnection(Database.Resolve());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

public static class RepoPaths
{
    public static string Root { get; } = Find();
    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "IsoEdms.sln"))) return d.FullName;
        throw new InvalidOperationException("no IsoEdms.sln above " + AppContext.BaseDirectory);
    }
}
