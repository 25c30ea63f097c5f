using System.Diagnostics;
using System.Text.Json;
using Alba;

namespace IsoEdms.Tests.Foundation;

/// <summary>/openapi/v1.json describes what every endpoint answers, and a standard linter finds no error in it.</summary>
public class OpenApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<string> DocumentAsync()
    {
        var r = await app.Host.Scenario(s => { s.Get.Url("/openapi/v1.json"); s.StatusCodeShouldBe(200); });
        return await r.ReadAsTextAsync();
    }

    [Fact]
    public async Task every_api_operation_declares_its_success_body_and_its_problem_answers()
    {
        using var doc = JsonDocument.Parse(await DocumentAsync());
        var untyped = new List<string>();
        var operations = 0;
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
            foreach (var op in path.Value.EnumerateObject())
            {
                operations++;
                var responses = op.Value.GetProperty("responses");
                var text = responses.GetRawText();
                // a response typed as the framework's IResult says nothing about the body
                if (text.Contains("/IResult\"", StringComparison.Ordinal)) untyped.Add($"{op.Name} {path.Name}: IResult");
                if (!responses.EnumerateObject().Any(r => r.Name.StartsWith('2'))) untyped.Add($"{op.Name} {path.Name}: no success answer");
                if (!responses.TryGetProperty("404", out var notFound) || !notFound.GetRawText().Contains("problem+json")) untyped.Add($"{op.Name} {path.Name}: no 404 problem");
                if (op.Name == "post" && !responses.TryGetProperty("409", out _)) untyped.Add($"{op.Name} {path.Name}: no 409");
            }
        operations.ShouldBeGreaterThan(50);
        untyped.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_standard_openapi_linter_finds_no_error()
    {
        var linter = Path.Combine(RepoPaths.Root, "infra", "openapi-lint", "node_modules", "@redocly", "cli", "bin", "cli.js");
        File.Exists(linter).ShouldBeTrue($"the linter is installed by infra/test.sh (npm ci in infra/openapi-lint); {linter} is missing");
        var file = Path.Combine(Path.GetTempPath(), $"isoedms-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await DocumentAsync());
        try
        {
            var psi = new ProcessStartInfo("node", [linter, "lint", file, "--format=stylish"])
                { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(linter)! };
            psi.Environment["REDOCLY_TELEMETRY"] = "off";
            psi.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var lint = Process.Start(psi)!;
            var output = lint.StandardOutput.ReadToEndAsync();
            var errors = lint.StandardError.ReadToEndAsync();
            await lint.WaitForExitAsync();
            lint.ExitCode.ShouldBe(0, $"redocly lint found errors:\n{await output}\n{await errors}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
