using System.Diagnostics;

namespace IsoEdms.Tests.Foundation;

/// <summary>
/// The handler and endpoint code the app runs is generated ahead of time into <c>src/IsoEdms/Infrastructure/Generated</c> and
/// compiled with it (docs/codegen.md). This test generates it afresh from the app as built and compares: a handler or an
/// endpoint changed without "codegen write" after it fails here, naming the files and the command that mends them.
/// </summary>
public class GeneratedCodeTests
{
    [Fact]
    public async Task the_generated_handler_code_in_the_repository_is_what_the_app_generates_today()
    {
        var work = Directory.CreateTempSubdirectory("isoedms-codegen-");
        try
        {
            // the verb writes under the working folder, as it writes under the project folder when a developer runs it
            var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "IsoEdms.dll"), "codegen", "write"])
            {
                WorkingDirectory = work.FullName, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                Environment = { ["Logging__LogLevel__Default"] = "Warning" },
            };
            using var process = Process.Start(psi)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            process.ExitCode.ShouldBe(0, await error);
            await output;

            var fresh = Files(Path.Combine(work.FullName, IsoEdms.Infrastructure.WebHost.GeneratedFolder));
            var kept = Files(Path.Combine(RepoPaths.Root, "src", "IsoEdms", IsoEdms.Infrastructure.WebHost.GeneratedFolder));
            fresh.Count.ShouldBeGreaterThan(50);   // every endpoint and handler has its file
            var stale = fresh.Keys.Union(kept.Keys)
                .Where(f => !fresh.TryGetValue(f, out var a) || !kept.TryGetValue(f, out var b) || a != b)
                .Order(StringComparer.Ordinal).ToList();
            stale.ShouldBeEmpty("the generated code is out of date; run `dotnet run --project src/IsoEdms -- codegen write` and commit src/IsoEdms/Infrastructure/Generated");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string root) => !Directory.Exists(root)
        ? []
        : Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"), StringComparer.Ordinal);
}
