using System.CommandLine;
using IsoEdms.Audit;

namespace IsoEdms.Cli;

/// <summary><c>privacy erase CODE --reason TEXT</c>: an applicant's personal data erased, the erasure recorded.</summary>
public static class PrivacyVerb
{
    public static Command Build(CliContext cli)
    {
        var code = new Argument<string>("CODE") { Description = "the dossier code" };
        var reason = CommonOptions.Text("--reason", "TEXT", "the lawful request, or the end of the retention period", required: true);
        var erase = cli.Writes(new Command("erase", "erase the applicant's name, ID number, phone and address from a case") { code, reason });
        erase.SetAction(async (parse, ct) =>
        {
            var why = parse.GetValue(reason) is { Length: > 0 } r ? r : throw new UsageException("--reason TEXT must say why (the lawful request, or the end of the retention period)");
            await using var store = await cli.OpenStoreAsync();
            return await PersonalDataErasure.EraseAsync(store, parse.GetRequiredValue(code), why, cli.By(parse),
                cli.Clock.GetUtcNow(), cli.Out, cli.Err, ct);
        });
        return new Command("privacy", "erase an applicant's personal data from a case (the erasure is recorded; the chain still verifies)") { erase };
    }
}
