using IsoEdms.Cli;

namespace IsoEdms;

/// <summary>One executable: the web host when started with no verb, the CLI otherwise.</summary>
public partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        // No verb, or only host options ("--urls ...", and the test host's "--applicationName=..."): serve.
        if (args.Length == 0 || args[0].StartsWith('-'))
            return await WebHost.RunAsync(args);
        return await CommandLine.RunAsync(args, Console.Out, Console.Error);
    }
}
