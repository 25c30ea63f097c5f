using IsoEdms.Cli;

namespace IsoEdms.Tests;

public sealed record CliResult(int Exit, string Out, string Err);

public static class Cli
{
    /// <summary>Runs a verb in-process on its own container (the test's database), as the executable would.</summary>
    public static Task<CliResult> RunAsync(string connectionString, params string[] args) => RunWithInputAsync(connectionString, "", args);

    public static Task<CliResult> RunWithInputAsync(string connectionString, string input, params string[] args) => RunAsync(connectionString, null, input, args);

    /// <summary>As <see cref="RunAsync(string, string[])"/>, with the command line's clock at the test's (its "today").</summary>
    public static Task<CliResult> RunAtAsync(string connectionString, TimeProvider clock, params string[] args) => RunAsync(connectionString, clock, "", args);

    private static async Task<CliResult> RunAsync(string connectionString, TimeProvider? clock, string input, string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        _ = RepoPaths.Processes;   // the renamed process files are the command line's default root
        // English unless the test asks with --lang: most tests read the English sentences, which the code itself states
        var exit = await new CommandLine(CliServices.Create(connectionString, clock, language: "en")).RunAsync(args, o, e, new StringReader(input));
        return new CliResult(exit, o.ToString(), e.ToString());
    }

    public static string Processes(string sub) => Path.Combine(RepoPaths.Processes, sub);
}
