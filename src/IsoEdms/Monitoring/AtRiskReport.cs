using System.Globalization;
using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Timeliness;
using IsoEdms.Procedures;
using Npgsql;

namespace IsoEdms.Monitoring;

/// <summary>
/// One open step at a moment (the keys of <c>report at-risk --format json</c>, fixed): the case's code, the step, the
/// unit holding it and the person (null while unassigned), the governing due instant, the share of the step's budget
/// used, its state and the probability that the case finishes late (null with no history to judge by).
/// </summary>
public sealed record AtRiskRow(string Code, string Step, string Unit, string? Holder, DateTimeOffset Due, decimal Used, string State, double? BreachProbability);

/// <summary>An <see cref="AtRiskRow"/> with what pages show besides: the case and its procedure.</summary>
public sealed record AtRiskEntry(Guid CaseId, string Procedure, AtRiskRow Row);

/// <summary>
/// The at-risk report: every case open at a moment, folded from its own events up to that moment (the events' own
/// instants, so an imported history is judged as it stood), its open step assessed by <see cref="Risk"/> on the case's
/// pinned calendar, with the procedure's <c>at_risk_at</c>. The history behind the breach probability is that of cases
/// that finished before the moment's day (statistics rows), so a report as of a past moment never looks ahead.
/// </summary>
public static class AtRiskReport
{
    /// <summary>How far back the history reaches.</summary>
    public const int HistoryDays = 365;

    public static async Task<IReadOnlyList<AtRiskEntry>> RunAsync(IQuerySession session, PublishedDocuments docs, string? unit, DateTimeOffset asOf, bool live, CancellationToken ct)
    {
        // open now: the work queues (inline). Open at a past moment: the statistics rows, plus the cases open now, which
        // covers those received since the statistics last looked (the daemon's lag)
        var day = Organisation.OrgLoad.LocalDate(asOf);
        var ids = live ? await OpenNowAsync(session, unit, ct)
            : (await OpenOnAsync(session, unit, day, ct)).Union(await StillOpenAsync(session, unit, day, ct)).ToArray();
        var states = new List<CaseState>();
        foreach (var chunk in ids.Chunk(500))
        {
            var events = await session.Events.QueryAllRawEvents().Where(e => chunk.Contains(e.StreamId)).OrderBy(e => e.Sequence).ToListAsync(ct);
            foreach (var stream in events.GroupBy(e => e.StreamId))
                if (CaseState.Fold(stream.Select(e => e.Data).TakeWhile(d => d is not ICaseEvent c || c.At <= asOf)) is { Current: not null, IsClosed: false } s
                    && s.Status is CaseStatus.InProgress or CaseStatus.Suspended && (unit is null || s.Current.Unit == unit))
                    states.Add(s);
        }
        var history = await HistoryAsync(session, states.Select(s => s.Procedure).Distinct().ToArray(), Organisation.OrgLoad.LocalDate(asOf), ct);
        var rows = new List<AtRiskEntry>(states.Count);
        foreach (var s in states)
        {
            var cal = await docs.CalendarAsync(session, s.Calendar, s.CalendarVersion, ct);
            var procedure = await docs.ProcedureAsync(session, s.Procedure, s.ProcedureVersion, ct);
            if (cal is null || procedure is null) continue;
            StepRisk risk;
            try { risk = Risk.Assess(s, cal, procedure.Definition.AtRiskAt ?? Risk.DefaultAtRiskAt, asOf); }
            catch (CalendarCoverageException) { continue; }   // a case beyond its calendar's published years: nothing to count on
            var cur = s.Current!;
            var past = Risk.HistoryFor(history.GetValueOrDefault((s.Procedure, cur.Id, cur.Unit), []), history.GetValueOrDefault((s.Procedure, cur.Id, ""), []));
            var p = Risk.BreachProbability(past, risk.ElapsedMinutes, risk.MinutesToCaseDue);
            rows.Add(new AtRiskEntry(s.Id, s.Procedure, new AtRiskRow(s.Code, cur.Id, cur.Unit, cur.Assignee, risk.Due, risk.Used, risk.State, p)));
        }
        return [.. rows.OrderByDescending(r => r.Row.BreachProbability ?? -1).ThenByDescending(r => r.Row.Used).ThenBy(r => r.Row.Code, StringComparer.Ordinal)];
    }

    /// <summary>Open now: the work queues' items (inline, so a case received a moment ago is there).</summary>
    private static async Task<Guid[]> OpenNowAsync(IQuerySession session, string? unit, CancellationToken ct) =>
        unit is null
            ? [.. await session.Query<Cases.QueueItem>().Select(q => q.Id).ToListAsync(ct)]
            : [.. await session.Query<Cases.QueueItem>().Where(q => q.Unit == unit).Select(q => q.Id).ToListAsync(ct)];

    /// <summary>Received by <paramref name="day"/> and open now (the case documents, inline; a unit by lead or receipt).</summary>
    private static async Task<Guid[]> StillOpenAsync(IQuerySession session, string? unit, DateOnly day, CancellationToken ct)
    {
        var open = session.Query<Cases.CaseDetails>()
            .Where(d => d.ReceivedDate <= day && (d.Status == CaseStatuses.InProgress || d.Status == CaseStatuses.Suspended));
        if (unit is not null) open = open.Where(d => d.LeadUnit == unit || d.ReceivingUnit == unit);
        return [.. await open.Select(d => d.Id).ToListAsync(ct)];
    }

    /// <summary>Open on a past day: received by then and not closed before it (statistics rows; a unit by its lead or its steps that day).</summary>
    private static async Task<Guid[]> OpenOnAsync(IQuerySession session, string? unit, DateOnly day, CancellationToken ct)
    {
        var s = session.DocumentStore.Options.DatabaseSchemaName;
        var sql = $"""
            SELECT c.case_id FROM {s}.timeliness_case c
            WHERE c.received <= $1 AND (c.closed IS NULL OR c.closed >= $1)
              AND ($2::text IS NULL OR c.lead_unit = $2 OR EXISTS (SELECT 1 FROM {s}.timeliness_step t
                   WHERE t.case_id = c.case_id AND t.unit = $2 AND t.started <= $1 AND (t.ended IS NULL OR t.ended >= $1)))
            """;
        await using var conn = session.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn) { Parameters = { new() { Value = day }, new() { Value = (object?)unit ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } } };
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return [.. ids];
    }

    /// <summary>
    /// For each (procedure, step, unit), and for each (procedure, step) at every unit (unit ""), the working minutes that
    /// cases finished before <paramref name="before"/> (within <see cref="HistoryDays"/>) took from the start of that step
    /// to the end of their last step with a budget.
    /// </summary>
    private static async Task<Dictionary<(string, string, string), List<int>>> HistoryAsync(IQuerySession session, string[] procedures, DateOnly before, CancellationToken ct)
    {
        var result = new Dictionary<(string, string, string), List<int>>();
        if (procedures.Length == 0) return result;
        var s = session.DocumentStore.Options.DatabaseSchemaName;
        var sql = $"""
            WITH starts AS (
                SELECT t.case_id, t.ordinal, t.procedure, t.step, t.unit FROM {s}.timeliness_step t
                JOIN {s}.timeliness_case c ON c.case_id = t.case_id
                WHERE t.procedure = ANY($1) AND c.outcome = '{Endings.Finished}' AND c.closed < $2 AND c.closed >= $3)
            SELECT st.procedure, st.step, st.unit, sum(r.used_minutes)::int
            FROM starts st JOIN {s}.timeliness_step r ON r.case_id = st.case_id AND r.ordinal >= st.ordinal
            GROUP BY st.case_id, st.ordinal, st.procedure, st.step, st.unit
            """;
        await using var conn = session.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn)
            { Parameters = { new() { Value = procedures }, new() { Value = before }, new() { Value = before.AddDays(-HistoryDays) } } };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (procedure, step, unit, minutes) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
            foreach (var key in new[] { (procedure, step, unit), (procedure, step, "") })
            {
                if (!result.TryGetValue(key, out var list)) result[key] = list = [];
                list.Add(minutes);
            }
        }
        return result;
    }

    public static string Csv(IReadOnlyList<AtRiskRow> rows) =>
        CsvText.Write(["Mã hồ sơ", "Bước", "Đơn vị", "Người giữ", "Hạn", "Đã dùng", "Trạng thái", "Xác suất trễ"], rows, r => new object?[]
        {
            r.Code, r.Step, r.Unit, r.Holder, r.Due.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), r.Used, r.State, r.BreachProbability,
        });

    public static string Table(IReadOnlyList<AtRiskRow> rows)
    {
        if (rows.Count == 0) return "no open case at that moment\n";
        var lines = rows.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Code,-24} {r.Step,-18} {r.Unit,-22} {r.Holder ?? "-",-20} {r.Due.ToOffset(TimeSpan.FromHours(7)):dd/MM/yyyy HH:mm} {r.Used,6:0.00} {r.State,-9} {(r.BreachProbability is { } p ? p.ToString("0.00", CultureInfo.InvariantCulture) : "-"),5}"));
        return string.Create(CultureInfo.InvariantCulture, $"{"code",-24} {"step",-18} {"unit",-22} {"holder",-20} {"due (+07)",-16} {"used",6} {"state",-9} {"p",5}\n") +
               string.Join("\n", lines) + "\n";
    }
}

public static class AtRiskEndpoint
{
    /// <summary>
    /// GET /api/reports/at-risk[?unit=U][&amp;as_of=ISO-8601]: the open steps (of a unit) with their state and breach
    /// probability, the likeliest to end late first. Without <c>as_of</c>, now.
    /// </summary>
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/reports/at-risk")]
    public static async Task<Results<Ok<IReadOnlyList<AtRiskRow>>, ValidationProblem, ProblemHttpResult>> Get(HttpContext http, IQuerySession session, PublishedDocuments docs,
        TimeProvider clock, CancellationToken ct)
    {
        var q = http.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var unit = q["unit"].FirstOrDefault();
        if (unit is { Length: 0 or > 100 }) errors["unit"] = ["a unit code of at most 100 characters"];
        DateTimeOffset? asOf = null;
        if (q["as_of"].FirstOrDefault() is { } text)
        {
            if (Calendars.DeadlineInput.TryParseInstant(text, out var v, out var error)) asOf = v;
            else errors["as_of"] = [error ?? "an instant written in ISO 8601 with its offset"];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (Scope.Unit(http, unit) is { } forbidden) return forbidden;
        var entries = await AtRiskReport.RunAsync(session, docs, unit, asOf ?? clock.GetUtcNow(), live: asOf is null, ct);
        return TypedResults.Ok<IReadOnlyList<AtRiskRow>>([.. entries.Select(e => e.Row)]);
    }
}
