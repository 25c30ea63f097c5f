using System.Globalization;

namespace IsoEdms.Monitoring;

public static class TimelinessEndpoint
{
    /// <summary>
    /// GET /api/reports/timeliness?by=unit|person|procedure|month&amp;from=DATE&amp;to=DATE[&amp;unit=U]&amp;level=case|step&amp;format=json|csv|xlsx[&amp;as_of=DATE][&amp;roll_up=true]
    /// (as_of: the day the report is taken, today unless given; overdue cases are judged as of it when the period ends later;
    /// roll_up=true with by=unit: ended units counted for their successors).
    /// </summary>
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/reports/timeliness")]
    public static async Task<Results<Ok<IReadOnlyList<TimelinessRow>>, ContentHttpResult, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Get(HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var q = http.Request.Query;
        var errors = new Dictionary<string, string[]>();
        if (!TimelinessReporting.TryParse(q["by"].FirstOrDefault(), q["level"].FirstOrDefault(), out var by, out var level, out var error))
            errors[error!.StartsWith("'level'", StringComparison.Ordinal) ? "level" : "by"] = [error];
        if (!TimelinessReporting.TryDate(q["from"], out var from)) errors["from"] = ["required: a date written YYYY-MM-DD"];
        if (!TimelinessReporting.TryDate(q["to"], out var to)) errors["to"] = ["required: a date written YYYY-MM-DD"];
        else if (to < from) errors["to"] = ["'to' is before 'from'"];
        var format = q["format"].FirstOrDefault() ?? "json";
        if (format is not ("json" or "csv" or "xlsx")) errors["format"] = ["'format' must be json, csv or xlsx"];
        var today = Organisation.OrgLoad.Today(clock);
        if (q["as_of"].FirstOrDefault() is { } asOf && !TimelinessReporting.TryDate(asOf, out today)) errors["as_of"] = ["a date written YYYY-MM-DD"];
        var rollUpText = q["roll_up"].FirstOrDefault();
        var rollUp = rollUpText is "true" or "1";
        if (rollUpText is not (null or "true" or "1" or "false" or "0")) errors["roll_up"] = ["'roll_up' must be true or false"];
        else if (rollUp && by != ReportBy.Unit) errors["roll_up"] = ["a roll-up to successor units applies to by=unit"];
        var unit = q["unit"].FirstOrDefault();
        if (unit is { Length: 0 or > 100 }) errors["unit"] = ["a unit code of at most 100 characters"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (Scope.Unit(http, unit) is { } forbidden) return forbidden;

        var result = await TimelinessReporting.RunAsync(session, by, level, from, to, today, ct, unit, rollUp);
        http.Response.Headers["X-IsoEdms-Events-Behind"] = result.EventsBehind.ToString(CultureInfo.InvariantCulture);
        return format switch
        {
            "csv" => (Results<Ok<IReadOnlyList<TimelinessRow>>, ContentHttpResult, FileContentHttpResult, ValidationProblem, ProblemHttpResult>)TypedResults.Text(TimelinessReporting.Csv(result.Rows), "text/csv; charset=utf-8"),
            "xlsx" => TypedResults.File(TimelinessReporting.Xlsx(result.Rows, by, from, to), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                $"bao-cao-tien-do-{by.ToString().ToLowerInvariant()}-{from:yyyyMMdd}-{to:yyyyMMdd}.xlsx"),
            _ => TypedResults.Ok(result.Rows),
        };
    }
}
