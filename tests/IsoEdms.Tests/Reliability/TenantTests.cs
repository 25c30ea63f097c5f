using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using IsoEdms.Cases;
using IsoEdms.Infrastructure;
using IsoEdms.Testing;
using Marten;
using Marten.Events;

namespace IsoEdms.Tests.Reliability;

/// <summary>
/// A home database with two tenants, Huế and Đà Nẵng, each a database of its own, seeded and given dossiers through the
/// command line's <c>--tenant</c>; the fixture's host is a node of Đà Nẵng (<c>IsoEdms:Tenant</c>), so its daemon keeps
/// Đà Nẵng's statistics, while Huế's are rebuilt by the command line (no node of Huế runs).
/// </summary>
public sealed class TenantsFixture : AppFixture
{
    public const string Hue = "hue";
    public const string DaNang = "da-nang";
    private readonly Dictionary<string, string> _databases = new() { [Hue] = $"isoedms_t_{Guid.NewGuid():N}"[..22], [DaNang] = $"isoedms_t_{Guid.NewGuid():N}"[..22] };
    private readonly string _folder = Directory.CreateTempSubdirectory("isoedms-tenants-").FullName;

    public Dictionary<string, string> Connections { get; } = [];
    public Dictionary<string, IReadOnlyList<string>> Codes { get; } = [];

    public TenantsFixture() => Settings["IsoEdms:Tenant"] = DaNang;

    protected override async Task BeforeHostStartsAsync()
    {
        foreach (var (tenant, name) in _databases)
        {
            Connections[tenant] = await ThrowawayDatabase.CreateAsync(Database.Resolve(), name, relaxedCommits: true);
            var added = await Cli.RunAsync(ConnectionString, "tenants", "add", tenant, "--connection", Connections[tenant]);
            added.Exit.ShouldBe(0, added.Err);
            added.Out.ShouldContain($"tenant {tenant} added");
            await SeedAsync(tenant);
        }
        Codes[Hue] = await ImportAsync(Hue, cases: 60, seed: 21, "2025-07-01", "2025-12-31");
        Codes[DaNang] = await ImportAsync(DaNang, cases: 40, seed: 22, "2026-01-05", "2026-06-30");
        // no node of Huế runs: its statistics are written by the command line, in its database
        var rebuilt = await Cli.RunAsync(ConnectionString, "projections", "rebuild", "--tenant", Hue);
        rebuilt.Exit.ShouldBe(0, rebuilt.Err);
    }

    private async Task SeedAsync(string tenant)
    {
        string[][] steps =
        [
            ["calendars", "publish", Cli.Processes("calendars")], ["org", "load", Cli.Processes("org")], ["users", "demo-passwords"],
            ["procedures", "publish", Cli.Processes("procedures")],
        ];
        foreach (var step in steps)
        {
            var r = await Cli.RunAsync(ConnectionString, ["--tenant", tenant, .. step]);
            r.Exit.ShouldBe(0, $"{tenant}: {string.Join(' ', step[..2])}: {r.Err}");
        }
    }

    private async Task<IReadOnlyList<string>> ImportAsync(string tenant, int cases, int seed, string from, string to)
    {
        var file = Path.Combine(_folder, $"{tenant}.jsonl");
        var generated = await Cli.RunAsync(ConnectionString, "--tenant", tenant, "demo", "generate", "--cases", $"{cases}", "--seed", $"{seed}", "--from", from, "--to", to, "--out", file);
        generated.Exit.ShouldBe(0, generated.Err);
        var imported = await Cli.RunAsync(ConnectionString, "import", file, "--tenant", tenant, "--by", "ho-thi-xuan");
        imported.Exit.ShouldBe(0, imported.Err);
        return File.ReadAllLines(file).Select(l => JsonNode.Parse(l)!["code"]!.GetValue<string>()).ToList();
    }

    public DocumentStore Store(string tenant) => DocumentStore.For(o => MartenSetup.Configure(o, Connections[tenant], withAsyncProjections: false));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Environment.GetEnvironmentVariable("ISOEDMS_KEEP_DB") == "1") return;
        foreach (var name in _databases.Values) await ThrowawayDatabase.DropAsync(Database.Resolve(), name);
    }
}

/// <summary>A database per tenant: what one tenant holds cannot be seen from another, and the ministry's roll-up sums them.</summary>
public class TenantTests(TenantsFixture app) : IClassFixture<TenantsFixture>
{
    private const string From = "2025-07-01", To = "2026-06-30";

    [Fact]
    public async Task tenants_are_listed_and_adding_one_again_changes_nothing()
    {
        var again = await Cli.RunAsync(app.ConnectionString, "tenants", "add", TenantsFixture.Hue, "--connection", app.Connections[TenantsFixture.Hue]);
        again.Exit.ShouldBe(0, again.Err);
        again.Out.ShouldContain("already uses");

        var moved = await Cli.RunAsync(app.ConnectionString, "tenants", "add", TenantsFixture.Hue, "--connection", app.Connections[TenantsFixture.DaNang]);
        moved.Exit.ShouldBe(1);
        moved.Err.ShouldContain("tenant 'hue' already uses");

        var home = await Cli.RunAsync(app.ConnectionString, "tenants", "add", "quang-tri", "--connection", app.ConnectionString);
        home.Exit.ShouldBe(1);
        home.Err.ShouldContain("home database");

        var list = await Cli.RunAsync(app.ConnectionString, "tenants", "list", "--json");
        list.Exit.ShouldBe(0, list.Err);
        var tenants = JsonNode.Parse(list.Out)!.AsArray();
        tenants.Select(t => t!["id"]!.GetValue<string>()).ShouldBe(["default", TenantsFixture.DaNang, TenantsFixture.Hue]);
        tenants.ShouldAllBe(t => !t!.ToJsonString().Contains("Password", StringComparison.OrdinalIgnoreCase));

        var unknown = await Cli.RunAsync(app.ConnectionString, "--tenant", "quang-tri", "procedures", "list");
        unknown.Exit.ShouldBe(1);
        unknown.Err.ShouldContain("unknown tenant 'quang-tri'");
    }

    [Fact]
    public async Task a_dossier_of_one_tenant_is_invisible_from_the_other_through_the_api_and_the_command_line()
    {
        var hueCode = app.Codes[TenantsFixture.Hue].First(c => !app.Codes[TenantsFixture.DaNang].Contains(c));
        var daNangCode = app.Codes[TenantsFixture.DaNang].First(c => !app.Codes[TenantsFixture.Hue].Contains(c));
        Guid hueId;
        await using (var hue = app.Store(TenantsFixture.Hue))
        await using (var q = hue.QuerySession())
            hueId = (await q.Query<CaseDetails>().SingleAsync(c => c.Code == hueCode)).Id;

        // the host is a node of Đà Nẵng: it finds its own dossier, not Huế's, by code or by id
        (await app.Host.GetAsJson<RegisterPage>($"/api/cases?code={daNangCode}"))!.Total.ShouldBe(1);
        (await app.Host.GetAsJson<RegisterPage>($"/api/cases?code={hueCode}"))!.Total.ShouldBe(0);
        await app.Host.Scenario(s => { s.Get.Url($"/api/cases/{hueId}"); s.StatusCodeShouldBe(404); });
        var health = await app.Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(200); });
        JsonNode.Parse(await health.ReadAsTextAsync())!["tenant"]!.GetValue<string>().ShouldBe(TenantsFixture.DaNang);

        // the command line works in the tenant it is given, and in the home database without one
        (await Cli.RunAsync(app.ConnectionString, "audit", "history", hueCode, "--tenant", TenantsFixture.Hue)).Out.ShouldContain("case_received");
        (await Cli.RunAsync(app.ConnectionString, "audit", "history", hueCode, "--tenant", TenantsFixture.DaNang)).Exit.ShouldBe(1);
        (await Cli.RunAsync(app.ConnectionString, "audit", "history", daNangCode, "--tenant", TenantsFixture.Hue)).Exit.ShouldBe(1);
        (await Cli.RunAsync(app.ConnectionString, "audit", "history", hueCode)).Exit.ShouldBe(1);
    }

    [Fact]
    public async Task the_national_roll_up_has_a_row_per_tenant_each_the_sum_of_its_own_report()
    {
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var rollUp = await Cli.RunAsync(app.ConnectionString, "report", "timeliness", "--by", "tenant", "--from", From, "--to", To, "--format", "json");
        rollUp.Exit.ShouldBe(0, rollUp.Err);
        var rows = JsonNode.Parse(rollUp.Out)!.AsArray().Select(r => r!.AsObject()).ToList();
        rows.Select(r => r["key"]!.GetValue<string>()).ShouldBe(["default", TenantsFixture.DaNang, TenantsFixture.Hue]);
        foreach (var row in rows) row.Select(p => p.Key).ShouldBe(IsoEdms.Monitoring.TimelinessReporting.Columns);

        var numeric = IsoEdms.Monitoring.TimelinessReporting.Columns.Skip(2).ToArray();
        rows[0].Where(p => numeric.Contains(p.Key)).ShouldAllBe(p => p.Value!.GetValue<int>() == 0);   // the home database holds no dossier
        foreach (var tenant in new[] { TenantsFixture.DaNang, TenantsFixture.Hue })
        {
            var own = await Cli.RunAsync(app.ConnectionString, "--tenant", tenant, "report", "timeliness", "--by", "unit", "--from", From, "--to", To, "--format", "json");
            own.Exit.ShouldBe(0, own.Err);
            var units = JsonNode.Parse(own.Out)!.AsArray();
            var row = rows.Single(r => r["key"]!.GetValue<string>() == tenant);
            foreach (var key in numeric)
                row[key]!.GetValue<int>().ShouldBe(units.Sum(u => u![key]!.GetValue<int>()), $"{tenant}: {key}");
            row["received"]!.GetValue<int>().ShouldBe(app.Codes[tenant].Count, $"{tenant}: every imported dossier was received in the period");
        }

        var refused = await Cli.RunAsync(app.ConnectionString, "report", "timeliness", "--by", "tenant", "--from", From, "--to", To, "--tenant", TenantsFixture.Hue);
        refused.Exit.ShouldBe(2);
        refused.Err.ShouldContain("--tenant does not apply");
    }
}
