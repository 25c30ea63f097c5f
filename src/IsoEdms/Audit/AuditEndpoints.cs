using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Cases;
using IsoEdms.Infrastructure;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Audit;

public static class AuditEndpoints
{
    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/audit/cases/{idOrCode}/history")]
    public static async Task<IResult> History(string idOrCode, IQuerySession session, CancellationToken ct)
    {
        var (id, error, status) = await CaseAudit.ResolveAsync(session, idOrCode, ct);
        return id is null ? Results.Problem(statusCode: status, title: "Unknown case", detail: error) : Results.Ok(await CaseAudit.HistoryAsync(session, id.Value, ct));
    }

    /// <summary>GET /api/audit/cases/{idOrCode}?asOf=ISO-8601 (business time) or ?version=N: the case as it stood then.</summary>
    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/audit/cases/{idOrCode}")]
    public static async Task<IResult> AsOf(string idOrCode, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var q = http.Request.Query;
        DateTimeOffset? asOf = null;
        long? version = null;
        if (q["asOf"].ToString() is { Length: > 0 } a)
        {
            if (!DateTimeOffset.TryParse(a, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var v))
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = [$"'{a}' is not an ISO 8601 instant"] });
            asOf = v;
        }
        if (q["version"].ToString() is { Length: > 0 } vs)
        {
            if (!long.TryParse(vs, out var v) || v < 1) return Results.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["a whole number from 1"] });
            version = v;
        }
        var (id, error, status) = await CaseAudit.ResolveAsync(session, idOrCode, ct);
        if (id is null) return Results.Problem(statusCode: status, title: "Unknown case", detail: error);
        return await CaseAudit.AsOfAsync(session, id.Value, asOf, version, ct) is { } view
            ? Results.Ok(view)
            : Results.Problem(statusCode: 404, title: "Not yet received", detail: $"the case was not received by {asOf:O}");
    }

    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/audit/conformance")]
    public static async Task<IResult> Conformance(string? unit, DateOnly? from, DateOnly? to, IQuerySession session, CancellationToken ct) =>
        Results.Ok(await CaseAudit.ConformanceAsync(session, unit, from, to, null, ct));

    /// <summary>Raise the findings of a scan as nonconformities (each once).</summary>
    [Authorize(Policy = Policies.Quality)]
    [WolverinePost("/api/audit/conformance/raise")]
    public static async Task<IResult> Raise(string? unit, DateOnly? from, DateOnly? to, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var by = Actor.From(http);
        if (by is null) return Problems.Unauthenticated();
        var findings = await CaseAudit.ConformanceAsync(session, unit, from, to, null, ct);
        session.LastModifiedBy = by;
        return Results.Ok(new { findings = findings.Count, raised = await CaseAudit.RaiseAsync(session, findings, by, clock.GetUtcNow(), ct) });
    }
}
