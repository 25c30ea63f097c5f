using System.Globalization;
using Marten.Pagination;

namespace IsoEdms.Cases;

/// <summary>A line of the dossier register (form 07).</summary>
public sealed record RegisterRow(
    Guid Id, long Version, string Code, string Procedure, int ProcedureVersion, string Applicant, string ReceivingUnit, string LeadUnit,
    DateTimeOffset ReceivedAt, DateOnly ReceivedDate, DateTimeOffset Due, DateOnly DueDate, string Status, string? CurrentStep, string? CurrentUnit,
    DateTimeOffset? FinishedAt, string? Classification, DateTimeOffset? DeliveredAt, DateTimeOffset? NewAppointment, bool ReceivedInSystem);

public sealed record RegisterPage(IReadOnlyList<RegisterRow> Items, int Page, int PageSize, long Total);

public static class DossierRegister
{
    public static readonly string[] Statuses = CaseStatuses.All;

    /// <summary>
    /// GET /api/cases?unit=&amp;procedure=&amp;status=&amp;from=YYYY-MM-DD&amp;to=YYYY-MM-DD&amp;code=&amp;page=1&amp;page_size=50.
    /// <c>unit</c> matches the receiving or the lead unit; dates are local receipt dates.
    /// </summary>
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/cases")]
    public static async Task<Results<Ok<RegisterPage>, ValidationProblem, ProblemHttpResult>> List(HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var q = http.Request.Query;
        var errors = new Dictionary<string, string[]>();
        DateOnly? Date(string key)
        {
            var s = q[key].ToString();
            if (s.Length == 0) return null;
            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            errors[key] = [$"'{s}' is not a date written YYYY-MM-DD"];
            return null;
        }
        int Int(string key, int fallback, int max)
        {
            var s = q[key].ToString();
            if (s.Length == 0) return fallback;
            if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 1 && i <= max) return i;
            errors[key] = [$"'{s}' must be a whole number from 1 to {max}"];
            return fallback;
        }
        var from = Date("from");
        var to = Date("to");
        var page = Int("page", 1, 1_000_000);
        var size = Int("page_size", 50, 500);
        var unit = q["unit"].ToString();
        var procedure = q["procedure"].ToString();
        var status = q["status"].ToString();
        var code = q["code"].ToString();
        if (status.Length > 0 && !Statuses.Contains(status)) errors["status"] = [$"'{status}' is not a status; use one of {string.Join(", ", Statuses)}"];
        if (from is not null && to is not null && to < from) errors["to"] = ["'to' is before 'from'"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (Scope.Unit(http, unit) is { } forbidden) return forbidden;

        IQueryable<CaseDetails> query = session.Query<CaseDetails>();
        if (unit.Length > 0) query = query.Where(x => x.ReceivingUnit == unit || x.LeadUnit == unit);
        if (procedure.Length > 0) query = query.Where(x => x.Procedure == procedure);
        if (status.Length > 0) query = query.Where(x => x.Status == status);
        if (code.Length > 0) query = query.Where(x => x.Code == code);
        if (from is { } f) query = query.Where(x => x.ReceivedDate >= f);
        if (to is { } t) query = query.Where(x => x.ReceivedDate <= t);
        var paged = await query.OrderByDescending(x => x.ReceivedAt).ThenBy(x => x.Code).ToPagedListAsync(page, size, ct);
        var rows = paged.Select(d => new RegisterRow(d.Id, d.Version, d.Code, d.Procedure, d.ProcedureVersion, d.Applicant.Name, d.ReceivingUnit, d.LeadUnit,
            d.ReceivedAt, d.ReceivedDate, d.Due, d.DueDate, d.Status, d.CurrentStep, d.CurrentUnit, d.FinishedAt, d.Classification, d.DeliveredAt,
            d.NewAppointment, d.ReceivedInSystem)).ToList();
        return TypedResults.Ok(new RegisterPage(rows, page, size, paged.TotalItemCount));
    }
}
