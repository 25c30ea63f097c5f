using ProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace IsoEdms.Health;

public sealed record HealthReport(string Status, bool Database, string DatabaseDetail, bool Daemon);

public static class HealthEndpoint
{
    /// <summary>GET /health: 200 when the database answers and the projection daemon runs, 503 otherwise.</summary>
    public static void MapHealth(this WebApplication app) =>
        app.MapGet("/health", async (IDocumentStore store, ProjectionCoordinator coordinator, CancellationToken ct) =>
        {
            var cs = store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString;
            var problem = await Database.ProbeAsync(cs, ct);
            bool daemon;
            try { daemon = coordinator.DaemonForMainDatabase().IsRunning; }
            catch (Exception) { daemon = false; }
            var ok = problem is null && daemon;
            var report = new HealthReport(ok ? "ok" : "unavailable", problem is null, problem ?? "reachable", daemon);
            return Results.Json(report, statusCode: ok ? 200 : 503);
        }).ExcludeFromDescription().AllowAnonymous();
}
