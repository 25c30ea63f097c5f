using System.CommandLine;

namespace IsoEdms.Cli;

/// <summary>
/// <c>codegen write</c> (developers): writes the handler and endpoint classes Wolverine runs into the project, to be compiled
/// with it (docs/codegen.md). The framework's own code writer does the work on the web host, built and not started.
/// </summary>
public static class CodegenVerb
{
    public static Command Build()
    {
        var write = new Command("write", "write the generated classes into src/IsoEdms/Infrastructure/Generated (run from the repository or src/IsoEdms)");
        write.SetAction(async (_, _) => await Infrastructure.WebHost.RunCodegenAsync(["codegen", "write"]));
        return new Command("codegen", "the handler and endpoint code generated ahead of time (developers; no database needed)") { write };
    }
}
