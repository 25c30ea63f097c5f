using Alba;
using IsoEdms.Infrastructure;
using IsoEdms.Testing;
using Npgsql;

namespace IsoEdms.Tests.Foundation;

public class HealthTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static async Task Admin(string sql, string? thenEndConnectionsTo = null)
    {
        await using var conn = new NpgsqlConnection(Database.Resolve());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
        if (thenEndConnectionsTo is not null) await ThrowawayDatabase.EndConnectionsAsync(conn, thenEndConnectionsTo);
    }

    [Fact]
    public async Task health_is_503_while_the_database_refuses_connections_and_200_again_after_without_a_restart()
    {
        await app.Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(200); });
        try
        {
            // the app's pooled connections are ended too (an autovacuum worker in the database is left alone: ThrowawayDatabase)
            await Admin($"ALTER DATABASE {app.DatabaseName} ALLOW_CONNECTIONS false", thenEndConnectionsTo: app.DatabaseName);
            var down = await app.Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(503); });
            (await down.ReadAsTextAsync()).ShouldContain("127.0.0.1");
        }
        finally
        {
            await Admin($"ALTER DATABASE {app.DatabaseName} ALLOW_CONNECTIONS true");
        }
        await app.Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(200); });
    }

    [Fact]
    public async Task health_names_the_node_how_it_runs_and_the_projections_it_holds()
    {
        var answer = await app.Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(200); });
        var health = (await answer.ReadAsJsonAsync<IsoEdms.Health.HealthReport>())!;
        health.Node.ShouldBe($"{Environment.MachineName}:{Environment.ProcessId}");
        health.Mode.ShouldBe("solo");
        health.Projections.Select(p => p.Name).ShouldContain($"{IsoEdms.Monitoring.TimelinessProjection.ProjectionName}:All");
        health.Projections.ShouldAllBe(p => p.Position >= 0);
    }
}
