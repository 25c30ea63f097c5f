using ProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace IsoEdms.Health;

/// <summary>
/// A node's health: the database, the projection daemon, and which node this is, how it runs (<c>solo</c>, or
/// <c>cluster</c> where the asynchronous projections run on one node at a time), the tenant it serves and the projections
/// it holds now.
/// </summary>
public sealed record HealthReport(string Status, bool Database, string DatabaseDetail, bool Daemon, string Node, string Mode, string Tenant, IReadOnlyList<HeldProjection> Projections);

public sealed record HeldProjection(string Name, string Status, long Position);

public static class HealthEndpoint
{
    /// <summary>GET /health: 200 when the database answers and the projection daemon runs (in a cluster: or waits its turn), 503 otherwise.</summary>
    public static void MapHealth(this WebApplication app) =>
        app.MapGet("/health", async (IDocumentStore store, ProjectionCoordinator coordinator, IConfiguration configuration, CancellationToken ct) =>
        {
            var cs = store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString;
            var problem = await Database.ProbeAsync(cs, ct);
            bool daemon;
            IReadOnlyList<HeldProjection> held = [];
            try
            {
                var d = coordinator.DaemonForMainDatabase();
                daemon = d.IsRunning;
                held = d.CurrentAgents().Select(a => new HeldProjection(a.Name.Identity, a.Status.ToString().ToLowerInvariant(), a.Position))
                    .OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception) { daemon = false; }
            var mode = string.Equals(configuration["IsoEdms:Nodes"], "cluster", StringComparison.OrdinalIgnoreCase) ? "cluster" : "solo";
            // in a cluster one node runs the projections and the others wait to take them over: a waiting node serves
            // requests all the same, so a reverse proxy must keep it
            var ok = problem is null && (daemon || mode == "cluster");
            var report = new HealthReport(ok ? "ok" : "unavailable", problem is null, problem ?? "reachable", daemon,
                $"{Environment.MachineName}:{Environment.ProcessId}", mode, configuration["IsoEdms:Tenant"] ?? Tenancy.TenantRegistry.Default, held);
            return Results.Json(report, statusCode: ok ? 200 : 503);
        }).ExcludeFromDescription().AllowAnonymous();
}
