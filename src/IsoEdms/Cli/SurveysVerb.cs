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
            return cli.Answer(await cli.SendAsync<LinesAnswer>(new PublishSurveysCommand(files, cli.By(parse)), ct), a => a.Sentences.Count > 0 ? a.Sentences.Select(cli.Say) : a.Lines);
        });
        return new Command("surveys", "publish citizen satisfaction survey templates (processes/surveys)") { publish };
    }
}
