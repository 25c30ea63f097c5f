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
            if (!File.Exists(path)) { cli.Err.WriteLine(cli.Say(Domain.Say.It("cli_no_such_file", $"isoedms import: no such file '{path:code}'"))); return 1; }
            var lines = await File.ReadAllLinesAsync(path, ct);
            await using var store = await cli.OpenStoreAsync();
            var summary = await CaseImport.RunAsync(store, lines, parse.GetValue(dryRun), parse.GetValue(asRecorded), cli.By(parse), cli.Clock,
                (done, total) => cli.Err.WriteLine(cli.Say(Domain.Say.It("cli_import_progress", $"… {done:number}/{total:number} line(s)"))),
                err => cli.Err.WriteLine($"{cli.Say(Domain.Say.It("cli_import_line", $"line {err.Line:number}:"))} {string.Join(" ", err.Sentences.Select(cli.Say))}"),
                ct);
            cli.Out.WriteLine(cli.Say(summary.Sentence()));
            return summary.Ok ? 0 : 1;
        });
        return import;
    }
}
