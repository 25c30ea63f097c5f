using IsoEdms.Calendars;
using IsoEdms.Cases;
using IsoEdms.Domain;
using IsoEdms.Domain.Audit;
using IsoEdms.Domain.Organisation;
using IsoEdms.Monitoring;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using IsoEdms.Quality;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten.Events.Projections;
using Npgsql;
using Weasel.Core;

namespace IsoEdms.Audit;

/// <summary>
/// <c>audit verify</c>, part two: rebuild every projection from the events into a scratch schema and compare each
/// document with the live one. The scratch projections run under their own names, so the live daemon's progress is untouched.
/// </summary>
public static class RebuildCheck
{
    public const string Scratch = "isoedms_verify";
    private const string Prefix = "Verify";

    public static async Task<IReadOnlyList<string>> CompareAsync(string connectionString, IDocumentStore live, Action<string>? progress, CancellationToken ct)
    {
        await DropAsync(connectionString, ct);
        var differences = new List<string>();
        try
        {
            using (var store = DocumentStore.For(o => Configure(o, connectionString)))
            {
                await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                await using (var scratch = store.QuerySession()) await TimelinessTables.EnsureAsync(scratch, ct);
                using var daemon = await store.BuildProjectionDaemonAsync();
                foreach (var name in store.Options.Projections.All.Select(p => p.Name))
                {
                    progress?.Invoke($"rebuilding {name[Prefix.Length..]}");
                    await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(30), ct);
                }
                await using var fresh = store.QuerySession();
                await using var current = live.QuerySession();
                await Compare<ProcedureCatalogEntry>(current, fresh, differences, ct);
                await Compare<CalendarCatalogEntry>(current, fresh, differences, ct);
                await Compare<DocumentRegister>(current, fresh, differences, ct);
                await Compare<UnitRecord>(current, fresh, differences, ct);
                await Compare<PersonRecord>(current, fresh, differences, ct);
                await Compare<RoleRecord>(current, fresh, differences, ct);
                await Compare<CaseDetails>(current, fresh, differences, ct);
                await Compare<QueueItem>(current, fresh, differences, ct);
                await using (var conn = new NpgsqlConnection(connectionString))
                {
                    await conn.OpenAsync(ct);
                    differences.AddRange(await TimelinessTables.DifferencesAsync(conn, MartenSetup.Schema, Scratch, ct));   // the statistics rows
                }
                await Compare<NonconformityView>(current, fresh, differences, ct);
                await Compare<CorrectiveActionView>(current, fresh, differences, ct);
            }
        }
        finally
        {
            await DropAsync(connectionString, ct);
        }
        return differences;
    }

    private static async Task Compare<T>(IQuerySession live, IQuerySession rebuilt, List<string> differences, CancellationToken ct) where T : notnull
    {
        static Dictionary<string, string> Index(IEnumerable<T> docs) => docs.Select(d => EventChain.SortedJson(d))
            .ToDictionary(j => System.Text.Json.Nodes.JsonNode.Parse(j)!["id"]!.ToJsonString(), j => j);
        var a = Index(await live.Query<T>().ToListAsync(ct));
        var b = Index(await rebuilt.Query<T>().ToListAsync(ct));
        foreach (var (id, json) in a)
        {
            if (!b.TryGetValue(id, out var other)) differences.Add($"{typeof(T).Name} {id}: in the live store, not in the rebuild");
            else if (other != json) differences.Add($"{typeof(T).Name} {id}: differs from the rebuild\n    live:    …{Around(json, other)}\n    rebuilt: …{Around(other, json)}");
        }
        foreach (var id in b.Keys.Where(k => !a.ContainsKey(k))) differences.Add($"{typeof(T).Name} {id}: in the rebuild, missing from the live store");
    }

    /// <summary>The text around the first difference, for a person to read.</summary>
    private static string Around(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        var start = Math.Max(0, i - 60);
        return string.Concat(a.AsSpan(start, Math.Min(a.Length - start, 140)), "…");
    }

    private static void Configure(StoreOptions o, string connectionString)
    {
        o.Connection(connectionString);
        o.DatabaseSchemaName = Scratch;
        o.Events.DatabaseSchemaName = MartenSetup.Schema;   // read the live events
        o.Events.StreamIdentity = StreamIdentity.AsGuid;
        o.Events.MetadataConfig.EnableAll();
        o.Events.MetadataConfig.UserNameEnabled = true;
        o.Events.MetadataConfig.HeadersEnabled = true;
        MartenSetup.UseJson(o);
        o.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        o.Events.AddEventTypes(EventCatalog.All);
        void Add<TP>(TP p) where TP : ProjectionBase, IProjectionSource<IDocumentOperations, IQuerySession>
        {
            p.Name = Prefix + p.GetType().Name;
            o.Projections.Add(p, ProjectionLifecycle.Async);
        }
        Add(new ProcedureCatalogProjection());
        Add(new CalendarCatalogProjection());
        Add(new DocumentRegisterProjection());
        Add(new UnitRecordProjection());
        Add(new PersonRecordProjection());
        Add(new RoleRecordProjection());
        Add(new CaseDetailsProjection());
        Add(new WorkQueueProjection());
        TimelinessProjection.Register(o.Projections, Scratch, Prefix + TimelinessProjection.ProjectionName);
        Add(new NonconformityViewProjection());
        Add(new CorrectiveActionViewProjection());
    }

    private static async Task DropAsync(string connectionString, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Scratch} CASCADE", conn);
        await drop.ExecuteNonQueryAsync(ct);
        await using var progress = new NpgsqlCommand($"DO $$ BEGIN IF to_regclass('{MartenSetup.Schema}.mt_event_progression') IS NOT NULL THEN " +
            $"DELETE FROM {MartenSetup.Schema}.mt_event_progression WHERE name LIKE '{Prefix}%'; END IF; END $$", conn);
        await progress.ExecuteNonQueryAsync(ct);
    }
}
