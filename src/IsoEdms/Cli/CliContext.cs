using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace IsoEdms.Cli;

/// <summary>A verb's arguments cannot be used as given (exit code 2, with the verb's usage).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The database does not answer (exit code 1, one line saying why).</summary>
public sealed class DatabaseUnavailableException(string message) : Exception(message);

/// <summary>Where the command line's database is: one connection string, chosen when its container is built.</summary>
public sealed record CliDatabase(string ConnectionString);

/// <summary>
/// The language of the command line's sentences for people: Vietnamese unless <c>--lang en</c>, or ISOEDMS_LANG=en, says
/// English. Output for programs (<c>--json</c>, <c>--format json|csv</c>) keeps its keys and codes in every language.
/// </summary>
public sealed record CliLanguage(string Code)
{
    public const string EnvironmentVariable = "ISOEDMS_LANG";

    public static CliLanguage FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable)) ?? new("vi");

    /// <summary>"vi" or "en" (any "vi-…"/"en-…" too); null for anything else.</summary>
    public static CliLanguage? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        var v when v.StartsWith("vi", StringComparison.Ordinal) => new("vi"),
        var v when v.StartsWith("en", StringComparison.Ordinal) => new("en"),
        _ => null,
    };

    public System.Globalization.CultureInfo Culture => Code == "en" ? Ui.UiSetup.English : Ui.UiSetup.Vietnamese;
}

/// <summary>
/// What a verb runs with: the services of the command line's container (its database and clock), and the terminal's
/// streams. Built once per run, so two runs side by side (the tests do that) never share state.
/// </summary>
public sealed class CliContext(IServiceProvider services, TextWriter output, TextWriter error, TextReader input)
{
    public IServiceProvider Services { get; } = services;
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;
    public TextReader In { get; } = input;

    public TimeProvider Clock => Services.GetRequiredService<TimeProvider>();

    /// <summary>The home database: the single-database setup's, which also holds the registry of tenants.</summary>
    public string HomeConnectionString => Services.GetRequiredService<CliDatabase>().ConnectionString;

    /// <summary>The database the verb works in: the named tenant's (<c>--tenant</c>), else the home database.</summary>
    public string ConnectionString => _tenantConnection ?? HomeConnectionString;

    /// <summary>The tenant named with <c>--tenant</c>, or null for the default tenant (the home database).</summary>
    public string? Tenant { get; private set; }

    private string? _tenantConnection;

    /// <summary>From here on the run works in <paramref name="tenant"/>'s database (set once, before the verb runs).</summary>
    public void WorkIn(string tenant, string connectionString) => (Tenant, _tenantConnection) = (tenant, connectionString);

    /// <summary>Every verb accepts it (declared once, on the root): the tenant whose database the verb works in.</summary>
    public Option<string?> TenantOption { get; } = new("--tenant")
    {
        Description = "the tenant (a province's database, see 'tenants list') the verb works in; default: the home database",
        HelpName = "ID",
        Recursive = true,
    };

    /// <summary>Every verb accepts it (declared once, on the root): the language of its sentences for people.</summary>
    public Option<string?> LangOption { get; } = new("--lang")
    {
        Description = "vi (Vietnamese, the default) or en (English) for the sentences the verb prints; default: ISOEDMS_LANG, else vi",
        HelpName = "vi|en",
        Recursive = true,
    };

    /// <summary>
    /// A sentence for a person in the run's language (<see cref="CliLanguage"/>): Vietnamese worded from its code, values by
    /// kind; in English the code's own sentence, as the command line has always printed it (scripts may read it).
    /// </summary>
    public string Say(Domain.Said said) =>
        Ui.L.En ? said.English
            : Services.GetRequiredService<Infrastructure.Wording>().Word(said) ?? said.English;

    /// <summary>A file's problem as <c>path:line:column: sentence</c>, the sentence in the run's language.</summary>
    public string Say(Domain.Documents.Diagnostic d) => d.Said is { } said ? $"{d.Path}:{d.Line}:{d.Column}: {Say(said)}" : d.ToString();

    /// <summary>A refusal in the run's language: its sentence worded, else its English detail.</summary>
    public string Say(Refusal refusal) => refusal.Said is { } said ? Say(said) : refusal.Detail;

    /// <summary>The event store for verbs that read or write it, after checking that the database answers.</summary>
    public async Task<DocumentStore> OpenStoreAsync(bool withAsyncProjections = false)
    {
        if (await Database.ProbeAsync(ConnectionString) is { } problem) throw new DatabaseUnavailableException(problem);
        return DocumentStore.For(o => MartenSetup.Configure(o, ConnectionString, withAsyncProjections));
    }

    /// <summary>Every verb that writes accepts it: the person the written events are recorded for.</summary>
    public Option<string?> ByOption { get; } = new("--by")
    {
        Description = "the person recorded as having done it (default: ISOEDMS_USER, else cli:<OS user>)",
        HelpName = "PERSON",
    };

    /// <summary>Every verb that reads process files accepts it: the folder they are in.</summary>
    public Option<string?> RootOption { get; } = new("--root")
    {
        Description = "the processes folder (default: the nearest processes/ above the current folder)",
        HelpName = "FOLDER",
    };

    /// <summary>Declares <c>--by</c> on a command that writes.</summary>
    public Command Writes(Command command) { command.Options.Add(ByOption); return command; }

    /// <summary>Declares <c>--root</c> on a command that reads process files.</summary>
    public Command ReadsFiles(Command command) { command.Options.Add(RootOption); return command; }

    /// <summary>The person a write is recorded for: <c>--by</c>, else ISOEDMS_USER, else the operating-system user.</summary>
    public string By(ParseResult parse) => Actor.ForCli(parse.GetValue(ByOption));

    public string Root(ParseResult parse) => parse.GetValue(RootOption) ?? ProcessesFolder.Find();

    /// <summary>
    /// Sends a command on Wolverine's bus, as the API does: the same handler, its transaction, the one place that turns a
    /// lost race into a refusal. The bus runs in a host started for this run.
    /// </summary>
    public async Task<Outcome<T>> SendAsync<T>(object command, CancellationToken ct)
    {
        if (await Database.ProbeAsync(ConnectionString, ct) is { } problem) throw new DatabaseUnavailableException(problem);
        using var host = await CommandHost.StartAsync(ConnectionString, Clock, ct);
        try
        {
            return await host.Services.GetRequiredService<IMessageBus>().SendCommandAsync<T>(command, ct);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A command's answer: its lines on standard output (exit 0), or the refusal's on standard error (exit 1).</summary>
    public int Answer<T>(Outcome<T> answer, Func<T, IEnumerable<string>> lines) =>
        answer.Refusal is { } refused ? Lines(false, Say(refused).Split('\n')) : Lines(true, lines(answer.Value!));

    /// <summary>A report's lines: on standard output when it succeeded, on standard error when it was refused.</summary>
    public int Lines(bool ok, IEnumerable<string> lines)
    {
        foreach (var l in lines) (ok ? Out : Err).WriteLine(l);
        return ok ? 0 : 1;
    }
}

/// <summary>The command line's container: the database (ISOEDMS_DB or the embedded default, unless given) and the clock.</summary>
public static class CliServices
{
    /// <summary>The command line's container; <paramref name="language"/> "vi" or "en" (default: ISOEDMS_LANG, else Vietnamese).</summary>
    public static IServiceProvider Create(string? connectionString = null, TimeProvider? clock = null, string? language = null) =>
        new ServiceCollection()
            .AddSingleton(new CliDatabase(connectionString ?? Database.Resolve()))
            .AddSingleton(clock ?? TimeProvider.System)
            .AddSingleton(CliLanguage.Parse(language) ?? CliLanguage.FromEnvironment())
            .AddLogging()
            .AddLocalization()
            .AddSingleton<Infrastructure.Wording>()
            .BuildServiceProvider();
}
