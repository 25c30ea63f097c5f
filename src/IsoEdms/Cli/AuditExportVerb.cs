using System.CommandLine;
using System.Text.Json;
using IsoEdms.Audit;

namespace IsoEdms.Cli;

/// <summary><c>audit export CODE [--html] [--out FILE]</c> or <c>audit export --unit U --from DATE --to DATE</c>: records an
/// auditor takes away.</summary>
public static class AuditExportVerb
{
    public static Command Build(CliContext cli)
    {
        var code = new Argument<string?>("CODE") { Arity = ArgumentArity.ZeroOrOne, Description = "a dossier code or case id (or --unit U --from DATE --to DATE)" };
        var html = CommonOptions.Flag("--html", "a printable page instead of JSON");
        var outPath = CommonOptions.Text("--out", "FILE", "write to a file instead of standard output");
        var unit = CommonOptions.Text("--unit", "U", "every case of a unit received in the period, one JSON line each");
        var from = CommonOptions.Date("--from", "with --unit: received on or after this day");
        var to = CommonOptions.Date("--to", "with --unit: received on or before this day");
        var command = new Command("export", "one case's record (JSON or HTML), or a unit's cases of a period (JSON lines)") { code, html, outPath, unit, from, to };
        command.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(outPath);
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var writer = target is null ? cli.Out : new StreamWriter(target);
            try
            {
                if (parse.GetValue(unit) is { } u)
                {
                    var start = parse.GetValue(from) ?? throw new UsageException("--from is required with --unit: a date written YYYY-MM-DD");
                    var end = parse.GetValue(to) ?? throw new UsageException("--to is required with --unit: a date written YYYY-MM-DD");
                    var n = 0;
                    await foreach (var line in CaseExport.UnitLinesAsync(q, u, start, end, cli.Clock.GetUtcNow(), ct)) { await writer.WriteLineAsync(line); n++; }
                    cli.Err.WriteLine(Ui.L.T($"đã xuất {n} hồ sơ của {u} tiếp nhận {start:dd/MM/yyyy}..{end:dd/MM/yyyy}", $"exported {n} case(s) of {u} received {start:yyyy-MM-dd}..{end:yyyy-MM-dd}"));
                    return 0;
                }
                var given = parse.GetValue(code) ?? throw new UsageException("missing a dossier code or case id (or --unit U --from DATE --to DATE)");
                if (await AuditVerb.ResolveAsync(cli, q, given, ct) is not { } id) return 1;
                var doc = (await CaseExport.CaseAsync(q, id, cli.Clock.GetUtcNow(), ct))!;
                await writer.WriteAsync(parse.GetValue(html) ? await CaseExport.HtmlAsync(q, doc, ct) : JsonSerializer.Serialize(doc, ApiJson.Options) + Environment.NewLine);
                return 0;
            }
            finally
            {
                if (target is not null) await writer.DisposeAsync();
            }
        });
        return command;
    }
}
