using System.CommandLine;
using System.Text.Json;
using IsoEdms.Monitoring;
using IsoEdms.Organisation;
using IsoEdms.Quality;

namespace IsoEdms.Cli;

/// <summary><c>report timeliness|at-risk|nonconformities|corrective-actions</c>: the statistics as a table, JSON or CSV.</summary>
public static class ReportVerb
{
    public static Command Build(CliContext cli) =>
        new("report", "the statistics: timeliness, cases at risk, nonconformities, corrective actions") { Timeliness(cli), AtRisk(cli), Nonconformities(cli), CorrectiveActions(cli) };

    private static Option<string> Format() => CommonOptions.OneOf("--format", "table for people, json or csv for programs", "table", "table", "json", "csv");

    private static int Write<T>(CliContext cli, string format, IReadOnlyList<T> rows, Func<IReadOnlyList<T>, string> csv, Func<IReadOnlyList<T>, string> table)
    {
        cli.Out.Write(format switch
        {
            "json" => JsonSerializer.Serialize(rows, ApiJson.Options) + Environment.NewLine,
            "csv" => csv(rows),
            _ => table(rows),
        });
        return 0;
    }

    private static Command Timeliness(CliContext cli)
    {
        var by = new Option<string>("--by") { Description = "one row per unit, person, procedure or month; or per tenant, over every tenant's database", HelpName = "unit|person|procedure|month|tenant", Required = true };
        by.AcceptOnlyFromAmong("unit", "person", "procedure", "month", "tenant");
        var from = CommonOptions.Date("--from", "the first day of the period", required: true);
        var to = CommonOptions.Date("--to", "the last day of the period", required: true);
        var unit = CommonOptions.Text("--unit", "U", "only the cases a unit leads (case level) or the steps it held (step level)");
        var level = CommonOptions.Text("--level", "case|step", "count cases (the default, except by person) or steps");
        var asOf = CommonOptions.Date("--as-of", "the day overdue cases are judged on (default: today)");
        var rollUp = CommonOptions.Flag("--roll-up", "by unit: count an ended unit's rows for its successors");
        var format = Format();
        var command = new Command("timeliness", "early, on time and late, counted in working time on the official calendar")
            { by, from, to, unit, level, asOf, rollUp, format };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(by) == "tenant") return await ByTenant(cli, parse, from, to, unit, level, asOf, rollUp, format, ct);
            if (!TimelinessReporting.TryParse(parse.GetValue(by), parse.GetValue(level), out var reportBy, out var reportLevel, out var error)) throw new UsageException(error!);
            var (start, end) = (parse.GetValue(from)!.Value, parse.GetValue(to)!.Value);
            if (end < start) throw new UsageException("--to is before --from");
            if (parse.GetValue(rollUp) && reportBy != ReportBy.Unit) throw new UsageException("--roll-up counts ended units for their successors: it applies to --by unit");
            var today = parse.GetValue(asOf) ?? OrgLoad.Today(cli.Clock);
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var result = await TimelinessReporting.RunAsync(q, reportBy, reportLevel, start, end, today, ct, parse.GetValue(unit), parse.GetValue(rollUp));
            if (result.EventsBehind > 0)
                cli.Err.WriteLine(Ui.L.T($"cảnh báo: số liệu thống kê chưa tính {result.EventsBehind} sự kiện mới nhất; tiến trình chiếu của ứng dụng sẽ cập nhật", $"warning: the statistics have not yet seen the last {result.EventsBehind} event(s); the app's projection daemon brings them up to date"));
            return Write(cli, parse.GetValue(format)!, result.Rows, TimelinessReporting.Csv, _ => TimelinessReporting.Table(result, reportLevel));
        });
        return command;
    }

    /// <summary>The national roll-up: one row per tenant, each the sum of its report by unit.</summary>
    private static async Task<int> ByTenant(CliContext cli, ParseResult parse, Option<DateOnly?> from, Option<DateOnly?> to, Option<string?> unit,
        Option<string?> level, Option<DateOnly?> asOf, Option<bool> rollUp, Option<string> format, CancellationToken ct)
    {
        if (cli.Tenant is not null) throw new UsageException("--by tenant reads every tenant's database; --tenant does not apply");
        if (parse.GetValue(unit) is not null || parse.GetValue(rollUp)) throw new UsageException("--unit and --roll-up belong to one tenant's report; --by tenant counts whole tenants");
        if (!TimelinessReporting.TryParse("unit", parse.GetValue(level), out _, out var reportLevel, out var error)) throw new UsageException(error!);
        var (start, end) = (parse.GetValue(from)!.Value, parse.GetValue(to)!.Value);
        if (end < start) throw new UsageException("--to is before --from");
        if (await Database.ProbeAsync(cli.HomeConnectionString, ct) is { } problem) throw new DatabaseUnavailableException(problem);
        TimelinessReportResult result;
        try
        {
            result = await Tenancy.TenantRollUp.RunAsync(cli.HomeConnectionString, reportLevel, start, end, parse.GetValue(asOf) ?? OrgLoad.Today(cli.Clock), ct);
        }
        catch (Tenancy.TenantException ex)
        {
            cli.Err.WriteLine($"report timeliness: {ex.Message}");
            return 1;
        }
        if (result.EventsBehind > 0)
            cli.Err.WriteLine(Ui.L.T($"cảnh báo: số liệu thống kê chưa tính {result.EventsBehind} sự kiện mới nhất của các tenant; tiến trình chiếu của họ sẽ cập nhật", $"warning: the statistics have not yet seen the last {result.EventsBehind} event(s) of the tenants; their projection daemons bring them up to date"));
        return Write(cli, parse.GetValue(format)!, result.Rows, TimelinessReporting.Csv, _ => TimelinessReporting.Table(result, reportLevel));
    }

    private static Command AtRisk(CliContext cli)
    {
        var unit = CommonOptions.Text("--unit", "U", "only the steps a unit holds");
        var asOf = CommonOptions.Instant("--as-of", "the moment (ISO 8601) each case is folded and judged at; default: now");
        var format = Format();
        var command = new Command("at-risk", "every open step with the share of its budget used, its state and the probability that its case ends late")
            { unit, asOf, format };
        command.SetAction(async (parse, ct) =>
        {
            var moment = parse.GetValue(asOf);
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var entries = await AtRiskReport.RunAsync(q, new Procedures.PublishedDocuments(), parse.GetValue(unit), moment ?? cli.Clock.GetUtcNow(), live: moment is null, ct);
            return Write(cli, parse.GetValue(format)!, entries.Select(e => e.Row).ToList(), AtRiskReport.Csv, AtRiskReport.Table);
        });
        return command;
    }

    private static Command Nonconformities(CliContext cli)
    {
        var by = CommonOptions.OneOf("--by", "one row per unit or per person", "unit", "unit", "person");
        var from = CommonOptions.Date("--from", "raised on or after this day");
        var to = CommonOptions.Date("--to", "raised on or before this day");
        var format = Format();
        var command = new Command("nonconformities", "the nonconformity register, counted per unit or person") { by, from, to, format };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var rows = await QualityReports.NonconformitiesAsync(q, parse.GetValue(by)!, parse.GetValue(from), parse.GetValue(to), ct);
            return Write(cli, parse.GetValue(format)!, rows, QualityReports.Csv, QualityReports.Table);
        });
        return command;
    }

    private static Command CorrectiveActions(CliContext cli)
    {
        var format = Format();
        var command = new Command("corrective-actions", "the corrective actions and their effectiveness") { format };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var rows = await QualityReports.CorrectiveActionsAsync(q, ct);
            return Write(cli, parse.GetValue(format)!, rows, QualityReports.Csv, QualityReports.Table);
        });
        return command;
    }
}
