using IsoEdms.Cli;

namespace IsoEdms;

/// <summary>One executable: the web host when started with no verb, the CLI otherwise.</summary>
public partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        // No verb, or only host options ("--urls ...", and the test host's "--applicationName=..."): serve. A leading
        // "--tenant ID" names the tenant of either: "--tenant hue" serves Huế, "--tenant hue report ..." runs a verb there.
        var first = args.Length >= 2 && args[0] == "--tenant" ? 2 : args.Length >= 1 && args[0].StartsWith("--tenant=", StringComparison.Ordinal) ? 1 : 0;
        if (args.Length == first || args[first].StartsWith('-'))
            return await WebHost.RunAsync(args);
        return await CommandLine.RunAsync(args, Console.Out, Console.Error);
    }
}
