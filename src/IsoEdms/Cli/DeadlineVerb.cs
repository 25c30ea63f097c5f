using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using IsoEdms.Calendars;
using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Documents;
using IsoEdms.Procedures;

namespace IsoEdms.Cli;

/// <summary><c>deadline --calendar --from --limit [--cutoff] [--json]</c>: a due instant on the official calendar.</summary>
public static class DeadlineVerb
{
    public static Command Build(CliContext cli)
    {
        var calendarArg = CommonOptions.Text("--calendar", "FILE-or-ID", "a calendar file (with its sibling years) or the id of a published calendar", required: true);
        var from = CommonOptions.Instant("--from", "when the clock starts: ISO 8601 with offset, e.g. 2026-02-12T10:00:00+07:00", required: true);
        var limit = new Option<TimeLimit?>("--limit")
        {
            Description = "\"<N> working days\", \"<N> working hours\", \"<N> calendar days\" or \"same day\"",
            HelpName = "LIMIT",
            Required = true,
            CustomParser = r =>
            {
                if (TimeLimit.TryParse(r.Tokens[0].Value, out var l, out var err)) return l;
                r.AddError($"--limit: {err}");
                return null;
            },
        };
        var cutoff = new Option<TimeOnly?>("--cutoff")
        {
            Description = "receipts after this local time count from the next working day",
            HelpName = "HH:MM",
            CustomParser = r =>
            {
                var s = r.Tokens[0].Value;
                if (TimeOnly.TryParseExact(s, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var c)) return c;
                r.AddError($"--cutoff: '{s}' is not a time written HH:MM");
                return null;
            },
        };
        var json = CommonOptions.Flag("--json", "{\"due\": ..., \"due_date\": ...} instead of text");
        var command = new Command("deadline", "compute a due instant on the official calendar") { calendarArg, from, limit, cutoff, json };
        command.SetAction(async (parse, ct) =>
        {
            var calendar = await CalendarAsync(cli, parse.GetValue(calendarArg)!, ct);
            if (calendar is null) return 1;
            var l = parse.GetValue(limit)!;
            try
            {
                var answer = DeadlineInput.Answer(calendar, Deadlines.Compute(calendar, parse.GetValue(from)!.Value, l, parse.GetValue(cutoff)));
                if (parse.GetValue(json)) cli.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["due"] = answer.Due, ["due_date"] = answer.DueDate }, Canonical.Json));
                else cli.Out.WriteLine(Ui.L.T($"hạn {answer.Due} (ngày {answer.DueDate}); bắt đầu tính {answer.ClockStart}; {Ui.L.Limit(l.ToString())} theo lịch {calendar.Id}", $"due {answer.Due} (date {answer.DueDate}); clock started {answer.ClockStart}; {l} on {calendar.Id}"));
                return 0;
            }
            catch (CalendarCoverageException ex)
            {
                cli.Err.WriteLine($"isoedms deadline: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>A calendar file's year with its sibling years (deadlines cross the year boundary), or a published calendar.</summary>
    private static async Task<WorkingCalendar?> CalendarAsync(CliContext cli, string given, CancellationToken ct)
    {
        if (File.Exists(given) || Directory.Exists(given))
        {
            var folder = Directory.Exists(given) ? given : Path.GetDirectoryName(Path.GetFullPath(given))!;
            var years = new List<CalendarYear>();
            foreach (var f in Directory.EnumerateFiles(folder, "*.y*ml").Order(StringComparer.Ordinal))
            {
                var (y, errors) = CalendarFile.Parse(f, await File.ReadAllTextAsync(f, ct));
                if (errors.Count > 0)
                {
                    foreach (var d in errors) cli.Err.WriteLine(cli.Say(d));
                    return null;
                }
                years.Add(y!);
            }
            try { return new WorkingCalendar(years); }
            catch (ArgumentException ex) { cli.Err.WriteLine($"isoedms deadline: {ex.Message}"); return null; }
        }
        if (!CalendarFile.IdPattern.IsMatch(given)) throw new UsageException($"--calendar: '{given}' is neither a file nor a calendar id");
        await using var store = await cli.OpenStoreAsync();
        await using var q = store.QuerySession();
        var calendar = await Publishing.LoadCalendarAsync(q, given, ct);
        if (calendar is null) cli.Err.WriteLine(Ui.L.T($"isoedms deadline: lịch '{given}' chưa được ban hành (ban hành bằng 'calendars publish', hoặc chỉ ra tệp lịch)", $"isoedms deadline: calendar '{given}' is not published (publish it with 'calendars publish', or pass a calendar file)"));
        return calendar;
    }
}
