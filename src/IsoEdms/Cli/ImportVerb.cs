using System.CommandLine;
using IsoEdms.Cases.Importing;

namespace IsoEdms.Cli;

/// <summary><c>import FILE.jsonl [--dry-run] [--as-recorded]</c>: dossiers handled in other software.</summary>
public static class ImportVerb
{
    public static Command Build(CliContext cli)
    {
        var file = new Argument<string>("FILE.jsonl") { Description = "one JSON object per line" };
        var dryRun = CommonOptions.Flag("--dry-run", "check every line and say what would be imported; write nothing");
        var asRecorded = CommonOptions.Flag("--as-recorded", "store a breach of the procedure as it happened (recorded for the auditors) instead of rejecting the line");
        var import = cli.Writes(new Command("import", "import dossiers handled in other software (one JSON object per line)") { file, dryRun, asRecorded });
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!File.Exists(path)) { cli.Err.WriteLine($"isoedms import: no such file '{path}'"); return 1; }
            var lines = await File.ReadAllLinesAsync(path, ct);
            await using var store = await cli.OpenStoreAsync();
            var summary = await CaseImport.RunAsync(store, lines, parse.GetValue(dryRun), parse.GetValue(asRecorded), cli.By(parse), cli.Clock,
                (done, total) => cli.Err.WriteLine($"… {done}/{total} line(s)"),
                err => cli.Err.WriteLine(err.ToString()),
                ct);
            cli.Out.WriteLine(summary.ToString());
            return summary.Ok ? 0 : 1;
        });
        return import;
    }
}
