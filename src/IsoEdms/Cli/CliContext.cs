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
    public string ConnectionString => Services.GetRequiredService<CliDatabase>().ConnectionString;

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
    /// The one way a verb writes: a session recorded for <c>--by</c>, the verb's decision, then one commit when the
    /// decision says so (a refused one leaves nothing written).
    /// </summary>
    public async Task<T> WriteAsync<T>(ParseResult parse, Func<IDocumentSession, string, DateTimeOffset, Task<T>> decide, Func<T, bool> commit, CancellationToken ct)
    {
        await using var store = await OpenStoreAsync();
        await using var session = store.LightweightSession();
        var by = By(parse);
        session.LastModifiedBy = by;
        var result = await decide(session, by, Clock.GetUtcNow());
        if (commit(result)) await Transactions.CommitAsync(session, ct);
        return result;
    }

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
    public static IServiceProvider Create(string? connectionString = null, TimeProvider? clock = null) =>
        new ServiceCollection()
            .AddSingleton(new CliDatabase(connectionString ?? Database.Resolve()))
            .AddSingleton(clock ?? TimeProvider.System)
            .BuildServiceProvider();
}
