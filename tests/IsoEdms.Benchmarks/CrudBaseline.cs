using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Npgsql;

namespace IsoEdms.Benchmarks;

/// <summary>
/// What a team would build instead, doing what the app does for the same request: the same bearer-token sign-in (ASP.NET
/// Core's BearerToken handler), a permission check by one indexed read of the person's unit, then a case row with a status
/// and a version and a history row per step, one transaction per command.
/// </summary>
public sealed class CrudBaseline : IAsyncDisposable
{
    /// <summary>The addresses of the baselines running in this process (their clients sign in at /crud/token).</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Urls = new();

    private WebApplication _app = null!;
    public string Url { get; private set; } = "";

    public static async Task<CrudBaseline> StartAsync(string cs)
    {
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                CREATE TABLE crud_people (person text PRIMARY KEY, unit text NOT NULL);
                CREATE TABLE crud_cases (id uuid PRIMARY KEY, idempotency_key text UNIQUE NOT NULL, unit text NOT NULL, status text NOT NULL, step text NOT NULL, version int NOT NULL);
                CREATE TABLE crud_history (id bigserial PRIMARY KEY, case_id uuid NOT NULL REFERENCES crud_cases(id), step text NOT NULL, by text NOT NULL, at timestamptz NOT NULL);
                CREATE INDEX ON crud_history (case_id);
                """, conn);
            await cmd.ExecuteNonQueryAsync();
            foreach (var (unit, person) in ScaleOrg.Desks.Concat(ScaleOrg.Desks.Select(d => (d.Unit, ScaleOrg.SecondDesk(d.Person)))))
            {
                await using var insert = new NpgsqlCommand("INSERT INTO crud_people VALUES ($1, $2) ON CONFLICT DO NOTHING", conn)
                    { Parameters = { new() { Value = person }, new() { Value = unit } } };
                await insert.ExecuteNonQueryAsync();
            }
        }
        var source = NpgsqlDataSource.Create(IsoEdms.Infrastructure.Database.Pooled(cs));   // the app's pool settings, like for like
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(BearerTokenDefaults.AuthenticationScheme).AddBearerToken();
        builder.Services.AddAuthorization();
        builder.WebHost.UseUrls("http://127.0.0.1:0");   // a free port chosen by the system (a random one could be a client's)
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        // the person's unit by one indexed read, as the app reads the person's record on each request
        async Task<string?> UnitOf(NpgsqlConnection conn, ClaimsPrincipal user)
        {
            await using var q = new NpgsqlCommand("SELECT unit FROM crud_people WHERE person = $1", conn) { Parameters = { new() { Value = user.Identity!.Name! } } };
            return await q.ExecuteScalarAsync() as string;
        }

        app.MapPost("/crud/token", (SignIn s) =>
            Results.SignIn(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, s.Person)], BearerTokenDefaults.AuthenticationScheme)),
                authenticationScheme: BearerTokenDefaults.AuthenticationScheme));
        app.MapPost("/crud/cases", async (Receipt r, ClaimsPrincipal user) =>
        {
            var id = Guid.CreateVersion7();
            await using var conn = await source.OpenConnectionAsync();
            if (await UnitOf(conn, user) != r.ReceivingUnit) return Results.Forbid();
            await using var tx = await conn.BeginTransactionAsync();
            await using (var c = new NpgsqlCommand("INSERT INTO crud_cases VALUES ($1, $2, $3, 'in_progress', 'receive', 1)", conn, tx)
                         { Parameters = { new() { Value = id }, new() { Value = r.IdempotencyKey }, new() { Value = r.ReceivingUnit } } })
                await c.ExecuteNonQueryAsync();
            await using (var h = new NpgsqlCommand("INSERT INTO crud_history (case_id, step, by, at) VALUES ($1, 'received', $2, now())", conn, tx)
                         { Parameters = { new() { Value = id }, new() { Value = user.Identity!.Name! } } })
                await h.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            return Results.Created($"/crud/cases/{id}", new { id, version = 1 });
        }).RequireAuthorization();
        app.MapPost("/crud/cases/{id:guid}/complete", async (Guid id, Completion c, ClaimsPrincipal user) =>
        {
            await using var conn = await source.OpenConnectionAsync();
            var unit = await UnitOf(conn, user);
            await using var tx = await conn.BeginTransactionAsync();
            await using (var u = new NpgsqlCommand("UPDATE crud_cases SET step = 'review', version = version + 1 WHERE id = $1 AND version = $2 AND unit = $3", conn, tx)
                { Parameters = { new() { Value = id }, new() { Value = c.Version }, new() { Value = unit ?? "" } } })
                if (await u.ExecuteNonQueryAsync() == 0) return Results.Conflict();
            await using (var h = new NpgsqlCommand("INSERT INTO crud_history (case_id, step, by, at) VALUES ($1, 'receive', $2, now())", conn, tx)
                         { Parameters = { new() { Value = id }, new() { Value = user.Identity!.Name! } } })
                await h.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            return Results.Ok(new { id, version = c.Version + 1 });
        }).RequireAuthorization();
        await app.StartAsync();
        var url = app.Urls.First();
        Urls[url] = true;
        return new CrudBaseline { _app = app, Url = url };
    }

    public sealed record SignIn(string Person);
    public sealed record Receipt(string IdempotencyKey, string ReceivingUnit);
    public sealed record Completion(int Version);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
