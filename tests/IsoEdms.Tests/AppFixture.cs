using System.Globalization;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using Alba;
using IsoEdms.Infrastructure;
using IsoEdms.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IsoEdms.Tests;

/// <summary>
/// One throwaway database per test class (Marten, Wolverine and Hangfire all take database-scoped advisory locks, so a
/// database isolates them), a host on it with a fake clock, dropped at the end. ISOEDMS_KEEP_DB=1 keeps it.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public string DatabaseName { get; } = $"isoedms_t_{Guid.NewGuid():N}"[..22];
    public TestClock Clock { get; } = new(TestClock.MondayMorning);

    /// <summary>Settings of this host beyond the fixture's own (set before <see cref="InitializeAsync"/>).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>The limit of the public endpoints on this host, per minute and client address.</summary>
    protected virtual int PublicRequestsPerMinute => 100_000;

    public async Task InitializeAsync()
    {
        ConnectionString = await ThrowawayDatabase.CreateAsync(Database.Resolve(), DatabaseName, relaxedCommits: true);
        await BeforeHostStartsAsync();
        Foundation.JobWatcher.Install();
        Host = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting(Database.ConfigurationKey, ConnectionString);
            b.UseSetting("IsoEdms:Processes", RepoPaths.Processes);
            // the sweeps run when a test triggers them, not on the wall clock's minute
            b.UseSetting("IsoEdms:Jobs:deadline-sweep", Hangfire.Cron.Never());
            b.UseSetting("IsoEdms:Jobs:corrective-action-overdue", Hangfire.Cron.Never());
            b.UseSetting("IsoEdms:Jobs:calendar-follow", Hangfire.Cron.Never());
            // every request of a test host comes from one address: the public endpoints' limit is tested on its own host
            b.UseSetting(PublicRequests.ConfigurationKey, PublicRequestsPerMinute.ToString(CultureInfo.InvariantCulture));
            b.UseSetting("IsoEdms:SignInHours", "100000"); // the fake clock moves months ahead; a sign-in must outlive it
            foreach (var (key, value) in Settings) b.UseSetting(key, value);
            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
        // A scenario that says nothing about who sends it is read by the administrator (every read policy, no case work);
        // Alba runs this before the scenario's own headers, which override it. Before the organisation is loaded nobody can sign in.
        Host.BeforeEach(ctx =>
        {
            if (TryBearer(DefaultReader) is { } bearer) ctx.Request.Headers.Authorization = bearer;
        });
    }

    /// <summary>Runs on the fixture's database before the host starts (a fixture whose host needs data at start-up).</summary>
    protected virtual Task BeforeHostStartsAsync() => Task.CompletedTask;

    /// <summary>Loads the shipped organisation and gives everyone the demo password, so tests can sign people in.</summary>
    public async Task SeedPeopleAsync()
    {
        (await Cli.RunAsync(ConnectionString, "org", "load", Cli.Processes("org"))).Exit.ShouldBe(0);
        (await Cli.RunAsync(ConnectionString, "users", "demo-passwords")).Exit.ShouldBe(0);
    }

    public const string DefaultReader = "admin";
    /// <summary>An Authorization value that signs nobody in (for the 401 cases of a scenario).</summary>
    public const string Anonymous = "Anonymous";

    private readonly ConcurrentDictionary<string, string> _tokens = new();

    /// <summary>"Bearer …" for <paramref name="person"/>, signed in once with the demo password (the fixture must have run 'users demo-passwords').</summary>
    public string Bearer(string person) => "Bearer " + _tokens.GetOrAdd(person, p => SignInAsync(p).GetAwaiter().GetResult());

    private string? TryBearer(string person)
    {
        if (_tokens.ContainsKey(person)) return Bearer(person);
        try { return Bearer(person); }
        catch (InvalidOperationException) { return null; }
    }

    private async Task<string> SignInAsync(string person)
    {
        using var client = Host.Server.CreateClient();
        var r = await client.PostAsJsonAsync("/api/auth/token", new { person, password = IsoEdms.Access.Passwords.Demo });
        var body = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in of {person} answered {(int)r.StatusCode}: {body} (did the fixture load the organisation and run 'users demo-passwords'?)");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (Environment.GetEnvironmentVariable("ISOEDMS_KEEP_DB") == "1") return;
        await ThrowawayDatabase.DropAsync(Database.Resolve(), DatabaseName);
    }
}

public static class RepoPaths
{
    public static string Root { get; } = Find();

    /// <summary>
    /// The process files the tests run on: the shipped ones with every role code renamed (<c>reception-officer</c> becomes
    /// <c>vt.reception-officer</c>, and so on). What a role means comes from its grants (rule 25), so nothing may depend on
    /// the shipped codes; a copy per test process, in the temporary folder.
    /// </summary>
    public static string Processes { get; } = WithRenamedRoles();

    public const string RolePrefix = "vt.";

    private static string WithRenamedRoles()
    {
        var source = Path.Combine(Root, "processes");
        var target = Path.Combine(Path.GetTempPath(), $"isoedms-test-processes-{Environment.ProcessId}");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            var text = File.ReadAllText(file);
            if (file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
            {
                string Rename(string code) => RolePrefix + code;
                if (System.Text.RegularExpressions.Regex.IsMatch(text, @"^roles:", System.Text.RegularExpressions.RegexOptions.Multiline))
                    text = System.Text.RegularExpressions.Regex.Replace(text, @"(\{\s*code:\s*)([a-z0-9.-]+)", m => m.Groups[1].Value + Rename(m.Groups[2].Value));
                text = System.Text.RegularExpressions.Regex.Replace(text, @"(\brole:\s*)([a-z0-9.-]+)", m => m.Groups[1].Value + Rename(m.Groups[2].Value));
                text = System.Text.RegularExpressions.Regex.Replace(text, @"(\broles:\s*\[)([^\]]*)(\])", m =>
                    m.Groups[1].Value + string.Join(", ", m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Rename)) + m.Groups[3].Value);
            }
            File.WriteAllText(to, text);
        }
        Environment.SetEnvironmentVariable(IsoEdms.Infrastructure.ProcessesFolder.EnvironmentVariable, target);   // the command line's default root
        return target;
    }
    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "IsoEdms.sln"))) return d.FullName;
        throw new InvalidOperationException("no IsoEdms.sln above " + AppContext.BaseDirectory);
    }
}
