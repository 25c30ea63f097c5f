using System.CommandLine;
using IsoEdms.Satisfaction;

namespace IsoEdms.Cli;

/// <summary><c>surveys publish [PATH...]</c>: citizen satisfaction survey templates.</summary>
public static class SurveysVerb
{
    public static Command Build(CliContext cli)
    {
        var paths = CommonOptions.Paths();
        var publish = cli.Writes(cli.ReadsFiles(new Command("publish", "publish survey templates, all or nothing") { paths }));
        publish.SetAction(async (parse, ct) =>
        {
            var root = cli.Root(parse);
            var given = parse.GetValue(paths) ?? [];
            var (ok, lines) = await cli.WriteAsync(parse,
                (session, by, now) => Surveys.PublishAsync(session, given.Length > 0 ? given.ToList() : [Path.Combine(root, "surveys")], by, now, ct), r => r.Ok, ct);
            return cli.Lines(ok, lines);
        });
        return new Command("surveys", "publish citizen satisfaction survey templates (processes/surveys)") { publish };
    }
}
