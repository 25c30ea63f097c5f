using System.CommandLine;
using System.Diagnostics;

namespace IsoEdms.Cli;

/// <summary><c>bench --scale small|medium|province</c>: delegates to the benchmark project (it needs the SDK and the sources).</summary>
public static class BenchVerb
{
    public static Command Build(CliContext cli)
    {
        var scale = new Option<string>("--scale") { Description = "how much data", HelpName = "small|medium|province", Required = true };
        scale.AcceptOnlyFromAmong("small", "medium", "province");
        var outFile = CommonOptions.Text("--out", "FILE.json", "also write the figures as JSON");
        var bench = new Command("bench", "benchmarks side by side (runs tests/IsoEdms.Benchmarks from a source checkout)") { scale, outFile };
        bench.SetAction(async (parse, ct) =>
        {
            string? project = null;
            foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
                for (var d = new DirectoryInfo(start); d is not null && project is null; d = d.Parent)
                    if (File.Exists(Path.Combine(d.FullName, "tests", "IsoEdms.Benchmarks", "IsoEdms.Benchmarks.csproj"))) project = Path.Combine(d.FullName, "tests", "IsoEdms.Benchmarks");
            if (project is null) { cli.Err.WriteLine("isoedms bench: run it from a source checkout (tests/IsoEdms.Benchmarks was not found above the current folder)"); return 1; }
            var file = parse.GetValue(outFile);
            var psi = new ProcessStartInfo("dotnet", ["run", "-c", "Release", "--project", project, "--", "bench", "--scale", parse.GetValue(scale)!,
                .. file is null ? Array.Empty<string>() : ["--out", Path.GetFullPath(file)]]) { UseShellExecute = false };
            using var process = Process.Start(psi)!;
            await process.WaitForExitAsync(ct);
            return process.ExitCode;
        });
        return bench;
    }
}
