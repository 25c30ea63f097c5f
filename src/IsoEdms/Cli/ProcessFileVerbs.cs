using System.CommandLine;
using IsoEdms.Domain.Documents;
using IsoEdms.Procedures;

namespace IsoEdms.Cli;

/// <summary>The <c>validate</c> and <c>publish</c> sub-verbs that procedures and calendars share: read the files, report each
/// error with its file and line, and publish all or nothing.</summary>
public static class ProcessFileVerbs
{
    public static Command Validate(CliContext cli, string kind, string description, Func<ProcessSet, string> summary)
    {
        var paths = CommonOptions.Paths();
        var validate = cli.ReadsFiles(new Command("validate", description) { paths });
        validate.SetAction(parse =>
        {
            var set = CommonOptions.LoadSet(cli, parse, paths, kind);
            if (CommonOptions.ReportErrors(set, cli.Err)) return 1;
            cli.Out.WriteLine(summary(set));
            return 0;
        });
        return validate;
    }

    public static Command Publish(CliContext cli, string kind, string description, Func<ProcessSet, string, object> message)
    {
        var paths = CommonOptions.Paths();
        var command = cli.Writes(cli.ReadsFiles(new Command("publish", description) { paths }));
        command.SetAction(async (parse, ct) =>
        {
            var set = CommonOptions.LoadSet(cli, parse, paths, kind);
            if (CommonOptions.ReportErrors(set, cli.Err)) { cli.Err.WriteLine("nothing was published"); return 1; }
            var answer = await cli.SendAsync<PublishReport>(message(set, cli.By(parse)), ct);
            return answer.Refusal is null && !answer.Value!.Ok ? cli.Lines(false, answer.Value.Lines) : cli.Answer(answer, r => r.Lines);
        });
        return command;
    }
}
