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
            // the file is read as it is imported (a province's or the nation's file need not fit in memory); counted first,
            // for the progress
            var total = await CountLinesAsync(path, ct);
            await using var store = await cli.OpenStoreAsync();
            var summary = await CaseImport.RunAsync(store, File.ReadLines(path), total, parse.GetValue(dryRun), parse.GetValue(asRecorded), cli.By(parse), cli.Clock,
                (done, total) => cli.Err.WriteLine(cli.Say(Domain.Say.It("cli_import_progress", $"… {done:number}/{total:number} line(s)"))),
                err => cli.Err.WriteLine($"{cli.Say(Domain.Say.It("cli_import_line", $"line {err.Line:number}:"))} {string.Join(" ", err.Sentences.Select(cli.Say))}"),
                ct);
            cli.Out.WriteLine(cli.Say(summary.Sentence()));
            return summary.Ok ? 0 : 1;
        });
        return import;
    }

    /// <summary>How many lines <paramref name="path"/> has, as <see cref="File.ReadLines(string)"/> will give them (a last line without its line break counts).</summary>
    internal static async Task<int> CountLinesAsync(string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var buffer = new byte[1 << 20];
        int count = 0, read;
        var last = (byte)'\n';
        while ((read = await file.ReadAsync(buffer, ct)) > 0)
        {
            count += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }
        return last == (byte)'\n' ? count : count + 1;
    }
}
