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
            if (CommonOptions.ReportErrors(cli, set)) return 1;
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
            if (CommonOptions.ReportErrors(cli, set)) { cli.Err.WriteLine(cli.Say(Domain.Say.It("nothing_published", $"nothing was published"))); return 1; }
            var answer = await cli.SendAsync<PublishReport>(message(set, cli.By(parse)), ct);
            IEnumerable<string> Worded(PublishReport r) => r.Sentences.Select(l => string.Join(" ", l.Select(cli.Say)));
            return answer.Refusal is null && !answer.Value!.Ok ? cli.Lines(false, Worded(answer.Value)) : cli.Answer(answer, Worded);
        });
        return command;
    }
}
