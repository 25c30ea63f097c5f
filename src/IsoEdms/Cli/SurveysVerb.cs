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
            var files = CommonOptions.PathsOrKind(parse, paths, cli.Root(parse), "surveys");
            var (ok, lines) = await cli.WriteAsync(parse, (session, by, now) => Surveys.PublishAsync(session, files, by, now, ct), r => r.Ok, ct);
            return cli.Lines(ok, lines);
        });
        return new Command("surveys", "publish citizen satisfaction survey templates (processes/surveys)") { publish };
    }
}
