using System.CommandLine;
using IsoEdms.Cases.Forms;

namespace IsoEdms.Cli;

/// <summary>
/// <c>forms CODE --form 01|02|03|04|05|06 --out FILE</c> and <c>forms register --unit UNIT --from DATE --to DATE --out FILE</c>:
/// the printed forms of Circular 03/2025/TT-VPCP, HTML when FILE ends in .html, PDF when it ends in .pdf.
/// </summary>
public static class FormsVerb
{
    public static Command Build(CliContext cli)
    {
        var code = new Argument<string>("CODE") { Description = "the dossier's code, as on its receipt" };
        var form = CommonOptions.OneOf("--form", "which form of the case", "01", [.. CaseForms.Numbers]);
        form.Required = true;
        var output = Out();
        var command = new Command("forms", "a case's printed form (01 receipt, 02 supplement, 03 refusal, 04 apology, 05 stop, 06 control slip), or the register (07)")
            { code, form, output, Register(cli) };
        command.SetAction(async (parse, ct) =>
        {
            var file = Checked(parse.GetValue(output)!);
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var (html, refusal) = await CaseForms.RenderAsync(q, parse.GetValue(code)!, parse.GetValue(form)!, ct);
            return await WriteAsync(cli, "forms", html, refusal, file, ct);
        });
        return command;
    }

    private static Command Register(CliContext cli)
    {
        var unit = CommonOptions.Text("--unit", "UNIT", "the unit whose register it is", required: true);
        var from = CommonOptions.Date("--from", "the first day of receipt", required: true);
        var to = CommonOptions.Date("--to", "the last day of receipt", required: true);
        var output = Out();
        var command = new Command("register", "form 07: the register of the dossiers a unit received, numbered in each year") { unit, from, to, output };
        command.SetAction(async (parse, ct) =>
        {
            var file = Checked(parse.GetValue(output)!);
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var (html, refusal) = await CaseForms.RegisterAsync(q, parse.GetValue(unit)!, parse.GetValue(from)!.Value, parse.GetValue(to)!.Value, ct);
            return await WriteAsync(cli, "forms register", html, refusal, file, ct);
        });
        return command;
    }

    public static Option<string> Out() => new("--out") { Description = "the file to write: .html or .pdf", HelpName = "FILE", Required = true };

    public static string Checked(string file) =>
        file.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? file
            : throw new UsageException($"--out: '{file}' must end in .html or .pdf");

    /// <summary>A printed document to FILE: HTML as it is, PDF printed by the browser; exit 1 with the reason when there is none.</summary>
    public static async Task<int> WriteAsync(CliContext cli, string verb, string? html, string? refusal, string file, CancellationToken ct)
    {
        if (html is null)
        {
            cli.Err.WriteLine($"isoedms {verb}: {refusal}");
            return 1;
        }
        if (file.EndsWith(".html", StringComparison.OrdinalIgnoreCase)) await File.WriteAllTextAsync(file, html, ct);
        else if (await Pdf.PrintAsync(html, file, ct) is { } problem)
        {
            cli.Err.WriteLine($"isoedms {verb}: {problem}");
            return 1;
        }
        cli.Out.WriteLine(Ui.L.T($"đã ghi {file}", $"wrote {file}"));
        return 0;
    }
}
