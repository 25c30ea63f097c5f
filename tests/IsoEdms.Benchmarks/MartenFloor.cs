using System.Security.Claims;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Authentication.BearerToken;

namespace IsoEdms.Benchmarks;

/// <summary>
/// The event store's own floor for the same request: the CRUD baseline's sign-in and permission read, then what any
/// event-sourced command on Marten does at the least: fetch a tiny write model for writing (an inline snapshot, with the
/// stream's version), append one event with the app's append mode and metadata, and commit with the snapshot's upsert.
/// No audit seal, no case document, no work queue, no statistics, no Wolverine: what the app does beyond this is its own.
/// It runs in the benchmark process like the CRUD baseline, so the two compare like with like.
/// </summary>
public sealed class MartenFloor : IAsyncDisposable
{
    public sealed record FloorReceived(string Unit, string By);
    public sealed record FloorCompleted(string Step, string By);

    /// <summary>The write model: the fields a decision needs, folded by an inline snapshot.</summary>
    public sealed class FloorCase
    {
        public Guid Id { get; set; }
        public string Unit { get; set; } = "";
        public string Step { get; set; } = "";

        public void Apply(FloorReceived e) { Unit = e.Unit; Step = "receive"; }
        public void Apply(FloorCompleted e) => Step = "review";
    }

    private WebApplication _app = null!;
    public string Url { get; private set; } = "";

    /// <summary>Needs the CRUD baseline's <c>crud_people</c> table (the permission read of both baselines).</summary>
    public static async Task<MartenFloor> StartAsync(string cs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(BearerTokenDefaults.AuthenticationScheme).AddBearerToken();
        builder.Services.AddAuthorization();
        builder.Services.AddMarten(opts =>
        {
            opts.Connection(IsoEdms.Infrastructure.Database.Pooled(cs));   // the app's pool settings
            opts.DatabaseSchemaName = "floor";
            opts.Events.DatabaseSchemaName = "floor";
            opts.Events.StreamIdentity = StreamIdentity.AsGuid;
            opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;   // as the app appends
            opts.Events.MetadataConfig.EnableAll();
            opts.Events.MetadataConfig.UserNameEnabled = true;
            opts.Events.MetadataConfig.HeadersEnabled = true;
            opts.AutoCreateSchemaObjects = AutoCreate.All;
            opts.Projections.Snapshot<FloorCase>(SnapshotLifecycle.Inline);
        }).UseLightweightSessions();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        await app.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        static async Task<string?> UnitOf(IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
            (await session.AdvancedSql.QueryAsync<string>("SELECT unit FROM crud_people WHERE person = ?", ct, user.Identity!.Name!)).FirstOrDefault();

        app.MapPost("/crud/token", (CrudBaseline.SignIn s) =>
            Results.SignIn(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, s.Person)], BearerTokenDefaults.AuthenticationScheme)),
                authenticationScheme: BearerTokenDefaults.AuthenticationScheme));
        app.MapPost("/floor/cases", async (CrudBaseline.Receipt r, ClaimsPrincipal user, IDocumentSession session, CancellationToken ct) =>
        {
            if (await UnitOf(session, user, ct) != r.ReceivingUnit) return Results.Forbid();
            var id = Guid.CreateVersion7();
            session.Events.StartStream<FloorCase>(id, new FloorReceived(r.ReceivingUnit, user.Identity!.Name!));
            await session.SaveChangesAsync(ct);
            return Results.Created($"/floor/cases/{id}", new { id, version = 1 });
        }).RequireAuthorization();
        app.MapPost("/floor/cases/{id:guid}/complete", async (Guid id, CrudBaseline.Completion c, ClaimsPrincipal user, IDocumentSession session, CancellationToken ct) =>
        {
            var unit = await UnitOf(session, user, ct);
            var stream = await session.Events.FetchForWriting<FloorCase>(id, c.Version, ct);
            if (stream.Aggregate is not { } write || write.Unit != unit || write.Step != "receive") return Results.Conflict();
            stream.AppendOne(new FloorCompleted(write.Step, user.Identity!.Name!));
            await session.SaveChangesAsync(ct);
            return Results.Ok(new { id, version = c.Version + 1 });
        }).RequireAuthorization();
        await app.StartAsync();
        var url = app.Urls.First();
        CrudBaseline.Urls[url] = true;   // its clients sign in at /crud/token
        return new MartenFloor { _app = app, Url = url };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
