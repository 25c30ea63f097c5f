using System.Globalization;
using System.Text;
using IsoEdms.Domain.Organisation;
using IsoEdms.Procedures;
using Npgsql;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace IsoEdms.Monitoring;

/// <summary>A row of the timeliness report. The JSON keys are fixed (other tools read them).</summary>
public sealed record TimelinessRow(
    string Key, string Name, int Received, int Finished, int Early, int OnTime, int Late, int Refused, int Stopped, int InProgress, int OverdueInProgress);

public sealed record TimelinessReportResult(IReadOnlyList<TimelinessRow> Rows, IReadOnlyList<TimelinessCounts> Counts, long EventsBehind);

/// <summary>The timeliness report for the API and the CLI: facts of the period from the async projection, names as of <c>to</c>.</summary>
public static class TimelinessReporting
{
    public static readonly string[] Columns = ["key", "name", "received", "finished", "early", "on_time", "late", "refused", "stopped", "in_progress", "overdue_in_progress"];

    public static bool TryParse(string? by, string? level, out ReportBy reportBy, out ReportLevel reportLevel, out string? error)
    {
        error = null;
        reportLevel = ReportLevel.Case;
        reportBy = by switch { "unit" => ReportBy.Unit, "person" => ReportBy.Person, "procedure" => ReportBy.Procedure, "month" => ReportBy.Month, _ => (ReportBy)(-1) };
        if ((int)reportBy < 0) { error = $"'by' must be unit, person, procedure or month{(by is null ? "" : $", not '{by}'")}"; return false; }
        switch (level)
        {
            case null or "": reportLevel = reportBy == ReportBy.Person ? ReportLevel.Step : ReportLevel.Case; break;
            case "case": reportLevel = ReportLevel.Case; break;
            case "step": reportLevel = ReportLevel.Step; break;
            default: error = $"'level' must be case or step, not '{level}'"; return false;
        }
        if (reportBy == ReportBy.Person && reportLevel == ReportLevel.Case)
        {
            error = "case figures belong to the lead unit, not to a person: use level=step for people";
            return false;
        }
        return true;
    }

    /// <summary>
    /// The report for [<paramref name="from"/>, <paramref name="to"/>] taken on <paramref name="today"/> (local date). By
    /// unit, <paramref name="rollUp"/> adds an ended unit's rows to its successors (<see cref="UnitRollUp"/>); with a unit,
    /// that unit's row then includes the history of the units that ended into it alone.
    /// </summary>
    public static async Task<TimelinessReportResult> RunAsync(IQuerySession session, ReportBy by, ReportLevel level, DateOnly from, DateOnly to, DateOnly today,
        CancellationToken ct, string? unit = null, bool rollUp = false)
    {
        if (rollUp && by != ReportBy.Unit) throw new ArgumentException("a roll-up applies to a report by unit", nameof(rollUp));
        IReadOnlyList<TimelinessCounts> counts;
        if (rollUp)
        {
            var org = await Organisation.OrgLoad.Snapshot(session, ct);
            counts = UnitRollUp.Apply(org, await CountAsync(session, by, level, from, to, today, null, ct)).Where(c => unit is null || c.Key == unit).ToList();
        }
        else counts = await CountAsync(session, by, level, from, to, today, unit, ct);
        var names = await NamesAsync(session, by, to, counts.Select(c => c.Key).ToArray(), ct);
        var rows = counts.Select(c => new TimelinessRow(c.Key, names.TryGetValue(c.Key, out var n) ? n : c.Key.Length == 0 ? "(chưa phân công / unassigned)" : c.Key,
            c.Received, c.Finished, c.Early, c.OnTime, c.Late, c.Refused, c.Stopped, c.InProgress, c.OverdueInProgress)).ToList();
        return new TimelinessReportResult(rows, counts, await EventsBehindAsync(session, ct));
    }

    /// <summary>
    /// The period rules of the report (rules 11-14), counted by PostgreSQL from the daily counts (<see cref="TimelinessDays"/>),
    /// on local dates. For a period [f, t]: <c>received</c> in it; <c>finished</c> = early + on time + late of those finished in
    /// it; refused and stopped by their date in it; <c>in_progress</c>: received on or before t and not closed by the end of
    /// t; <c>overdue_in_progress</c>: those of them due before the earlier of t and <paramref name="today"/> (a period that
    /// has not ended yet is judged as of today), leaving out those whose clock stood still on that day (suspended, or inside
    /// a step that stops the clock: rule 10). Case figures belong to the lead unit; step figures to the unit and person that
    /// held the step (steps sent back count as received only). With a unit, only the cases it leads (case level) or the
    /// steps it held (step level). By month, each calendar month of the period is a period of its own, keyed yyyy-MM, the
    /// first and last cut to [from, to]. Rows and months with nothing to count are left out.
    /// <para>
    /// What happened in a period is the sum of its days; what was open or overdue at its end is the sum of the changes of
    /// every day up to then. The one thing daily counts cannot say is an item closed after the day the report is taken
    /// (only when <paramref name="today"/> is before the period's end and items closed after it: a report taken as of a
    /// past day): those are counted from the case and step rows and taken out of the overdue ones.
    /// </para>
    /// </summary>
    public static async Task<IReadOnlyList<TimelinessCounts>> CountAsync(IQuerySession session, ReportBy by, ReportLevel level, DateOnly from, DateOnly to,
        DateOnly today, string? unit, CancellationToken ct)
    {
        await TimelinessTables.EnsureAsync(session, ct);
        var s = session.DocumentStore.Options.DatabaseSchemaName;
        var step = level == ReportLevel.Step || by == ReportBy.Person;
        var periods = by == ReportBy.Month
            ? """
              SELECT greatest(g::date, @from) AS f, least((g + interval '1 month' - interval '1 day')::date, @to) AS t
              FROM generate_series(date_trunc('month', @from::timestamp), date_trunc('month', @to::timestamp), interval '1 month') g
              """
            : "SELECT @from AS f, @to AS t";
        var (dayKey, key) = by switch
        {
            ReportBy.Month => ("''", "to_char(p.f, 'YYYY-MM')"),
            ReportBy.Unit => ("d.unit", "d.key"),
            _ => ("d.key", "d.key"),
        };
        string Sum(string column, string when) => $"coalesce(sum(d.{column}) FILTER (WHERE {when}), 0)";
        const string inPeriod = "d.day >= p.f";
        var sql = $"""
            WITH p AS ({periods}),
            d AS (
                SELECT {dayKey} AS key, d.day, {string.Join(", ", TimelinessDays.Columns.Select(c => $"sum(d.{c}) AS {c}"))}
                FROM {s}.timeliness_day d
                WHERE d.grain = @grain AND d.day <= @to{(unit is null ? "" : " AND d.unit = @unit")}
                GROUP BY 1, 2)
            SELECT {key} AS key, {Sum("received", inPeriod)}, {Sum("early", inPeriod)}, {Sum("on_time", inPeriod)}, {Sum("late", inPeriod)},
                {Sum("refused", inPeriod)}, {Sum("stopped", inPeriod)}, {Sum("received", "true")} - {Sum("closed", "true")},
                {Sum("overdue_change", "d.day <= least(p.t, @today)")}, {Sum("used_minutes", inPeriod)}, {Sum("budget_minutes", inPeriod)},
                count(*) FILTER (WHERE d.day > @today AND d.closed <> 0)
            FROM p JOIN d ON d.day <= p.t
            GROUP BY 1
            """;
        await using var conn = session.Database.CreateConnection();
        await conn.OpenAsync(ct);
        // PostgreSQL guesses 1,000 rows for a generate_series and would spend more compiling the query (JIT) than running it
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var noJit = new NpgsqlCommand("SET LOCAL jit = off", conn, tx)) await noJit.ExecuteNonQueryAsync(ct);
        var counts = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var closedAfterToday = false;
        await using (var cmd = Command(sql))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                counts[reader.GetString(0)] = Enumerable.Range(1, 10).Select(i => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture)).ToArray();
                closedAfterToday |= reader.GetInt64(11) > 0;
            }

        if (closedAfterToday)
        {
            // items overdue and open on the report's day that closed after it, before the period's end: not open at its end
            var (table, unitColumn, start, end) = step ? ($"{s}.timeliness_step", "unit", "started", "ended") : ($"{s}.timeliness_case", "lead_unit", "received", "closed");
            var rowKey = by switch
            {
                ReportBy.Month => "to_char(p.f, 'YYYY-MM')",
                ReportBy.Person => "coalesce(r.person, '')",
                ReportBy.Procedure => "r.procedure",
                _ => $"r.{unitColumn}",
            };
            await using var cmd = Command($"""
                WITH p AS ({periods})
                SELECT {rowKey}, count(*) FROM {table} r JOIN p ON r.{end} <= p.t
                WHERE r.{end} > @today AND r.{start} <= @today AND r.due < @today AND NOT r.stopped @> @today{(unit is null ? "" : $" AND r.{unitColumn} = @unit")}
                GROUP BY 1
                """);
            cmd.CommandTimeout = 0;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (counts.TryGetValue(reader.GetString(0), out var v)) v[7] -= reader.GetInt64(1);
        }

        return counts.Where(c => c.Value.Any(x => x != 0)).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c =>
        {
            var v = c.Value.Select(x => checked((int)x)).ToArray();
            return new TimelinessCounts(c.Key, v[0], v[1] + v[2] + v[3], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
        }).ToList();

        NpgsqlCommand Command(string text)
        {
            var cmd = new NpgsqlCommand(text, conn, tx);
            cmd.Parameters.AddWithValue("from", from);
            cmd.Parameters.AddWithValue("to", to);
            cmd.Parameters.AddWithValue("today", today);
            cmd.Parameters.AddWithValue("grain", TimelinessDays.GrainOf(by, level));
            if (unit is not null) cmd.Parameters.AddWithValue("unit", unit);
            return cmd;
        }
    }

    /// <summary>
    /// How many events the statistics have not seen yet (the app's projection daemon keeps them current): the event
    /// sequence against the statistics shard's progress, two reads of one row each (counting the events would grow with the store).
    /// </summary>
    public static async Task<long> EventsBehindAsync(IQuerySession session, CancellationToken ct)
    {
        var s = session.DocumentStore.Options.Events.DatabaseSchemaName;
        await using var conn = session.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {s}.mt_events_sequence), " +
            $"(SELECT last_seq_id FROM {s}.mt_event_progression WHERE name LIKE $1 ORDER BY name LIMIT 1)", conn)
        {
            Parameters = { new() { Value = TimelinessProjection.ProjectionName + ":%" } },
        };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var last = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
        var seen = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        return Math.Max(0, last - seen);
    }

    private static async Task<Dictionary<string, string>> NamesAsync(IQuerySession session, ReportBy by, DateOnly on, string[] keys, CancellationToken ct) => by switch
    {
        ReportBy.Unit => await UnitNamesAsync(session, on, keys, ct),
        ReportBy.Person => (await session.Query<PersonRecord>().Where(p => p.Code.IsOneOf(keys)).ToListAsync(ct)).ToDictionary(p => p.Code, p => p.Name),
        ReportBy.Month => [],
        _ => (await session.Query<ProcedureCatalogEntry>().ToListAsync(ct)).ToDictionary(p => p.Code, p => p.TitleVi),
    };

    /// <summary>Units by their name on the day; a rolled-up group by its members' names joined with " + ".</summary>
    private static async Task<Dictionary<string, string>> UnitNamesAsync(IQuerySession session, DateOnly on, string[] keys, CancellationToken ct)
    {
        var names = (await session.Query<UnitRecord>().ToListAsync(ct)).ToDictionary(u => u.Code, u => u.NameOn(on).Vi);
        foreach (var group in keys.Where(k => k.Contains(UnitRollUp.Joiner)))
            names[group] = string.Join(" + ", group.Split(UnitRollUp.Joiner).Select(u => names.GetValueOrDefault(u, u)));
        return names;
    }

    /// <summary>The columns' headings in a CSV, in the order of <see cref="Columns"/>.</summary>
    public static readonly string[] Headings =
        ["Mã", "Tên", "Tiếp nhận", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn", "Từ chối", "Dừng xử lý", "Đang giải quyết", "Đang giải quyết quá hạn"];

    public static string Csv(IEnumerable<TimelinessRow> rows) => CsvText.Write(Headings, rows,
        r => [r.Key, r.Name, r.Received, r.Finished, r.Early, r.OnTime, r.Late, r.Refused, r.Stopped, r.InProgress, r.OverdueInProgress]);

    public static string Table(TimelinessReportResult result, ReportLevel level)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"key",-24} {"name",-40} {"recv",5} {"fin",5} {"early",5} {"on",5} {"late",5} {"ref",4} {"stop",4} {"open",5} {"over",5}{(level == ReportLevel.Step ? "  used/budget h" : "")}");
        foreach (var (r, c) in result.Rows.Zip(result.Counts))
            sb.AppendLine(CultureInfo.InvariantCulture, $"{Cut(r.Key, 24),-24} {Cut(r.Name, 40),-40} {r.Received,5} {r.Finished,5} {r.Early,5} {r.OnTime,5} {r.Late,5} {r.Refused,4} {r.Stopped,4} {r.InProgress,5} {r.OverdueInProgress,5}{(level == ReportLevel.Step && c.BudgetMinutes > 0 ? string.Create(CultureInfo.InvariantCulture, $"  {c.UsedMinutes / 60.0:0.#}/{c.BudgetMinutes / 60.0:0.#}") : "")}");
        return sb.ToString();
    }

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    /// <summary>The national statistics layout: received, processed, early, on time, late, with percentages of the processed.</summary>
    public static byte[] Xlsx(IEnumerable<TimelinessRow> rows, ReportBy by, DateOnly from, DateOnly to)
    {
        static double Pct(int part, int whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 1);
        var sheet = rows.Select(r => new Dictionary<string, object>
        {
            [by == ReportBy.Person ? "Cán bộ / Person" : by == ReportBy.Procedure ? "Thủ tục / Procedure" : "Đơn vị / Unit"] = r.Name,
            ["Mã / Code"] = r.Key,
            ["Tiếp nhận / Received"] = r.Received,
            ["Đã giải quyết / Processed"] = r.Finished,
            ["Trước hạn / Early"] = r.Early,
            ["Tỷ lệ trước hạn (%)"] = Pct(r.Early, r.Finished),
            ["Đúng hạn / On time"] = r.OnTime,
            ["Tỷ lệ đúng hạn (%)"] = Pct(r.OnTime, r.Finished),
            ["Quá hạn / Late"] = r.Late,
            ["Tỷ lệ quá hạn (%)"] = Pct(r.Late, r.Finished),
            ["Từ chối / Refused"] = r.Refused,
            ["Dừng / Stopped"] = r.Stopped,
            ["Đang giải quyết / In progress"] = r.InProgress,
            ["Đang giải quyết quá hạn / Overdue"] = r.OverdueInProgress,
        }).ToList();
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, sheet, sheetName: $"{from:yyyyMMdd}-{to:yyyyMMdd}");
        return ms.ToArray();
    }

    public static bool TryDate(string? s, out DateOnly date) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
