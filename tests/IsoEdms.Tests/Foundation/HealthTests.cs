using Alba;
using IsoEdms.Infrastructure;
using IsoEdms.Testing;
using Npgsql;

namespace IsoEdms.Tests.Foundation;

public class HealthTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static async Task AsAdmin(Func<NpgsqlConnection, Task> act)
    {
        await using var conn = new NpgsqlConnection(Database.Resolve());
        await conn.OpenAsync();
        await act(conn);
    }

    [Fact]
    public async Task health_is_503_while_the_database_refuses_connections_and_200_again_after_without_a_restart()
    {
        await app.Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(200); });
        try
        {
            // new connections refused and the app's pooled ones ended
            await AsAdmin(c => ThrowawayDatabase.RefuseConnectionsAsync(c, app.DatabaseName));
            var down = await app.Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(503); });
            (await down.ReadAsTextAsync()).ShouldContain("127.0.0.1");
        }
        finally
        {
            await AsAdmin(c => ThrowawayDatabase.AllowConnectionsAsync(c, app.DatabaseName));
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
