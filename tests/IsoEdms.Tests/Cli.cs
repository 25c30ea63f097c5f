using IsoEdms.Cli;

namespace IsoEdms.Tests;

public sealed record CliResult(int Exit, string Out, string Err);

public static class Cli
{
    public static async Task<CliResult> RunAsync(string connectionString, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        CommandLine.ConnectionOverride.Value = connectionString;
        _ = RepoPaths.Processes;   // the renamed process files are the command line's default root
        var cwd = Directory.GetCurrentDirectory();
        try
        {
            var exit = await CommandLine.RunAsync(args, o, e);
            return new CliResult(exit, o.ToString(), e.ToString());
        }
        finally
        {
            CommandLine.ConnectionOverride.Value = null;
        }
    }

    public static string Processes(string sub) => Path.Combine(RepoPaths.Processes, sub);
}
