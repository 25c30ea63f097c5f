using System.CommandLine;
using IsoEdms.Audits;
using IsoEdms.Domain.Audits;

namespace IsoEdms.Cli;

/// <summary>
/// <c>audits create --unit UNIT --procedures CODE[,CODE...] --lead PERSON [--team PERSON,...] --from DATE --to DATE</c>:
/// plan an internal audit; prints its id. Exit 1 naming the person and the unit when an auditor belongs to the audited
/// unit on a day of the audit (or another rule refuses it).
/// </summary>
public static class AuditsVerb
{
    public static Command Build(CliContext cli)
    {
        var unit = CommonOptions.Text("--unit", "UNIT", "the audited unit", required: true);
        var procedures = CommonOptions.Text("--procedures", "CODE[,CODE...]", "the procedures in the audit's scope", required: true);
        var lead = CommonOptions.Text("--lead", "PERSON", "the lead auditor", required: true);
        var team = CommonOptions.Text("--team", "PERSON[,PERSON...]", "the other auditors");
        var from = CommonOptions.Date("--from", "the audit's first day", required: true);
        var to = CommonOptions.Date("--to", "the audit's last day", required: true);
        var criteria = CommonOptions.Text("--criteria", "TEXT", "the audit criteria (default: TCVN ISO 9001:2015 and the procedures in scope)");
        var create = cli.Writes(new Command("create", "plan an internal audit (ISO 9001:2015, 9.2) and print its id")
            { unit, procedures, lead, team, from, to, criteria });
        create.SetAction(async (parse, ct) =>
        {
            static List<string> Codes(string? list) => [.. (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            var plan = new PlanAudit(parse.GetValue(unit)!, Codes(parse.GetValue(procedures)), parse.GetValue(lead)!, Codes(parse.GetValue(team)),
                parse.GetValue(from)!.Value, parse.GetValue(to)!.Value, parse.GetValue(criteria));
            var answer = await cli.SendAsync<AuditPlannedAnswer>(new PlanAuditCommand(plan, cli.By(parse)), ct);
            if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms audits create: {refused.Message}"); return 1; }
            cli.Out.WriteLine(answer.Value!.Id);
            return 0;
        });
        return new Command("audits", "the internal audit programme: plan audits") { create };
    }
}
