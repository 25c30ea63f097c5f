using System.Globalization;
using System.Text;
using IsoEdms.Domain.Organisation;

namespace IsoEdms.Quality;

public sealed record NonconformityRow(string Key, string Name, int Raised, int Open, int Closed, int Major, int Minor, IReadOnlyDictionary<string, int> BySource);

public sealed record CorrectiveActionRow(string Code, string Title, string Unit, string Owner, string Status, int Actions, int OpenActions, int OverdueActions,
    DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt);

/// <summary>The registers as reports (ISO 9.1.3 analysis, 9.3 management review input), for the API and the CLI.</summary>
public static class QualityReports
{
    public static async Task<IReadOnlyList<NonconformityRow>> NonconformitiesAsync(IQuerySession session, string by, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        // the period is filtered by the database (days in Vietnam), and only the fields counted are read
        IQueryable<NonconformityView> q = session.Query<NonconformityView>();
        if (from is { } f) { var start = StartOf(f); q = q.Where(n => n.DetectedAt >= start); }
        if (to is { } t) { var end = StartOf(t.AddDays(1)); q = q.Where(n => n.DetectedAt < end); }
        var all = await q.Select(n => new Counted(n.Unit, n.Person, n.Status, n.Severity, n.Source)).ToListAsync(ct);
        var keys = all.Select(n => (by == "person" ? n.Person : n.Unit) ?? "").Where(k => k.Length > 0).Distinct().ToArray();
        var names = by == "person"
            ? (await session.LoadManyAsync<PersonRecord>(ct, keys.Select(PersonRecord.StreamIdFor).ToArray())).ToDictionary(p => p.Code, p => p.Name)
            : (await session.LoadManyAsync<UnitRecord>(ct, keys.Select(UnitRecord.StreamIdFor).ToArray())).ToDictionary(u => u.Code, u => u.Name.Vi);
        return all.GroupBy(n => (by == "person" ? n.Person : n.Unit) ?? "")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new NonconformityRow(g.Key, names.TryGetValue(g.Key, out var n) ? n : g.Key.Length == 0 ? "(không gắn với cá nhân / no person)" : g.Key,
                g.Count(), g.Count(x => x.Status == RecordStatuses.Open), g.Count(x => x.Status == RecordStatuses.Closed), g.Count(x => x.Severity == Severities.Major), g.Count(x => x.Severity == Severities.Minor),
                NcSources.All.ToDictionary(s => s, s => g.Count(x => x.Source == s))))
            .ToList();
    }

    private sealed record Counted(string Unit, string? Person, string Status, string Severity, string Source);

    private static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Organisation.OrgLoad.VietnamTime.GetUtcOffset(local)).ToUniversalTime();
    }

    public static async Task<IReadOnlyList<CorrectiveActionRow>> CorrectiveActionsAsync(IQuerySession session, CancellationToken ct) =>
        (await session.Query<CorrectiveActionView>().OrderBy(x => x.OpenedAt).ToListAsync(ct))
        .Select(c => new CorrectiveActionRow(c.Code, c.Title, c.Unit, c.Owner, c.Status, c.Actions.Count, c.Actions.Count(a => a.CompletedAt is null),
            c.Actions.Count(a => a.Overdue && a.CompletedAt is null), c.OpenedAt, c.ClosedAt)).ToList();

    public static string Csv(IEnumerable<NonconformityRow> rows) =>
        CsvText.Write(["Mã", "Tên", "Phát sinh", "Đang mở", "Đã đóng", "Nghiêm trọng", "Nhẹ", .. NcSources.All.Select(s => QualityWords.Source(s).Vi)], rows,
            r => [r.Key, r.Name, r.Raised, r.Open, r.Closed, r.Major, r.Minor, .. NcSources.All.Select(s => (object?)r.BySource[s])]);

    public static string Csv(IEnumerable<CorrectiveActionRow> rows) =>
        CsvText.Write(["Mã", "Tên hành động khắc phục", "Đơn vị", "Người phụ trách", "Trạng thái", "Số biện pháp", "Biện pháp chưa xong", "Biện pháp quá hạn", "Ngày mở", "Ngày đóng"], rows,
            r => [r.Code, r.Title, r.Unit, r.Owner, r.Status, r.Actions, r.OpenActions, r.OverdueActions, r.OpenedAt, r.ClosedAt]);

    public static string Table(IEnumerable<NonconformityRow> rows)
    {
        var sb = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"{"key",-24} {"name",-34} {"raised",6} {"open",5} {"closed",6} {"major",5} {"minor",5}  by source");
        foreach (var r in rows)
            sb.AppendLine(CultureInfo.InvariantCulture, $"{r.Key,-24} {(r.Name.Length > 34 ? r.Name[..33] + "…" : r.Name),-34} {r.Raised,6} {r.Open,5} {r.Closed,6} {r.Major,5} {r.Minor,5}  {string.Join(", ", r.BySource.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value}"))}");
        return sb.ToString();
    }

    public static string Table(IEnumerable<CorrectiveActionRow> rows)
    {
        var sb = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"{"code",-16} {"status",-9} {"unit",-18} {"owner",-16} {"actions",7} {"open",4} {"overdue",7}  title");
        foreach (var r in rows) sb.AppendLine(CultureInfo.InvariantCulture, $"{r.Code,-16} {r.Status,-9} {r.Unit,-18} {r.Owner,-16} {r.Actions,7} {r.OpenActions,4} {r.OverdueActions,7}  {r.Title}");
        return sb.ToString();
    }


    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/reports/nonconformities")]
    public static async Task<Results<Ok<IReadOnlyList<NonconformityRow>>, ContentHttpResult, ProblemHttpResult>> NonconformityReport(string? by, string? format, DateOnly? from, DateOnly? to, IQuerySession session, CancellationToken ct)
    {
        by ??= "unit";
        if (by is not ("unit" or "person")) return Infrastructure.Problems.Field(400, "Invalid grouping", "'by' must be unit or person", "by");
        var rows = await NonconformitiesAsync(session, by, from, to, ct);
        return format == "csv" ? TypedResults.Text(Csv(rows), "text/csv; charset=utf-8") : TypedResults.Ok(rows);
    }

    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/reports/corrective-actions")]
    public static async Task<Results<Ok<IReadOnlyList<CorrectiveActionRow>>, ContentHttpResult>> CorrectiveActionReport(string? format, IQuerySession session, CancellationToken ct)
    {
        var rows = await CorrectiveActionsAsync(session, ct);
        return format == "csv" ? TypedResults.Text(Csv(rows), "text/csv; charset=utf-8") : TypedResults.Ok(rows);
    }
}
