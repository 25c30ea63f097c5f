using Npgsql;

namespace IsoEdms.Benchmarks;

/// <summary>What a team would build instead: a case row with a status and a version, a history row per step, one transaction per command.</summary>
public sealed class CrudBaseline : IAsyncDisposable
{
    private WebApplication _app = null!;
    public string Url { get; private set; } = "";

    public static async Task<CrudBaseline> StartAsync(string cs)
    {
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                CREATE TABLE crud_cases (id uuid PRIMARY KEY, idempotency_key text UNIQUE NOT NULL, status text NOT NULL, step text NOT NULL, version int NOT NULL);
                CREATE TABLE crud_history (id bigserial PRIMARY KEY, case_id uuid NOT NULL REFERENCES crud_cases(id), step text NOT NULL, by text NOT NULL, at timestamptz NOT NULL);
                CREATE INDEX ON crud_history (case_id);
                """, conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var source = NpgsqlDataSource.Create(cs);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var url = $"http://127.0.0.1:{40000 + Random.Shared.Next(20000)}";
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapPost("/crud/cases", async (Receipt r) =>
        {
            var id = Guid.CreateVersion7();
            await using var conn = await source.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await using (var c = new NpgsqlCommand("INSERT INTO crud_cases VALUES ($1, $2, 'in_progress', 'receive', 1)", conn, tx) { Parameters = { new() { Value = id }, new() { Value = r.Key } } })
                await c.ExecuteNonQueryAsync();
            await using (var h = new NpgsqlCommand("INSERT INTO crud_history (case_id, step, by, at) VALUES ($1, 'received', 'nguyen-van-an', now())", conn, tx) { Parameters = { new() { Value = id } } })
                await h.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            return Results.Created($"/crud/cases/{id}", new { id, version = 1 });
        });
        app.MapPost("/crud/cases/{id:guid}/complete", async (Guid id, Completion c) =>
        {
            await using var conn = await source.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await using (var u = new NpgsqlCommand("UPDATE crud_cases SET step = 'review', version = version + 1 WHERE id = $1 AND version = $2", conn, tx)
                { Parameters = { new() { Value = id }, new() { Value = c.Version } } })
                if (await u.ExecuteNonQueryAsync() == 0) return Results.Conflict();
            await using (var h = new NpgsqlCommand("INSERT INTO crud_history (case_id, step, by, at) VALUES ($1, 'receive', 'nguyen-van-an', now())", conn, tx) { Parameters = { new() { Value = id } } })
                await h.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            return Results.Ok(new { id, version = c.Version + 1 });
        });
        await app.StartAsync();
        return new CrudBaseline { _app = app, Url = url };
    }

    public sealed record Receipt(string Key);
    public sealed record Completion(int Version);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
