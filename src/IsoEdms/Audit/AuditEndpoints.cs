using IsoEdms.Cases;
using IsoEdms.Domain.Access;
using IsoEdms.Domain.Audit;

namespace IsoEdms.Audit;

public static class AuditEndpoints
{
    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/audit/cases/{idOrCode}/history")]
    public static async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> History(string idOrCode, IQuerySession session, CancellationToken ct)
    {
        var (id, error, status) = await CaseAudit.ResolveAsync(session, idOrCode, ct);
        return id is null ? Problems.Of(status, "Unknown case", error!) : TypedResults.Ok(await CaseAudit.HistoryAsync(session, id.Value, ct));
    }

    /// <summary>GET /api/audit/cases/{idOrCode}?asOf=ISO-8601 (business time) or ?version=N: the case as it stood then.</summary>
    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/audit/cases/{idOrCode}")]
    public static async Task<Results<Ok<AsOfView>, ProblemHttpResult>> AsOf(string idOrCode, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var q = http.Request.Query;
        DateTimeOffset? asOf = null;
        long? version = null;
        if (q["asOf"].ToString() is { Length: > 0 } a)
        {
            if (!DateTimeOffset.TryParse(a, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var v))
                return Problems.Field(400, "Invalid asOf", $"'{a}' is not an ISO 8601 instant", "asOf");
            asOf = v;
        }
        if (q["version"].ToString() is { Length: > 0 } vs)
        {
            if (!long.TryParse(vs, out var v) || v < 1) return Problems.Field(400, "Invalid version", "a whole number from 1", "version");
            version = v;
        }
        var (id, error, status) = await CaseAudit.ResolveAsync(session, idOrCode, ct);
        if (id is null) return Problems.Of(status, "Unknown case", error!);
        return await CaseAudit.AsOfAsync(session, id.Value, asOf, version, ct) is { } view
            ? TypedResults.Ok(view)
            : Problems.Of(404, "Not yet received", $"the case was not received by {asOf:O}");
    }

    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/audit/conformance")]
    public static async Task<Ok<IReadOnlyList<Finding>>> Conformance(string? unit, DateOnly? from, DateOnly? to, IQuerySession session, CancellationToken ct) =>
        TypedResults.Ok(await CaseAudit.ConformanceAsync(session, unit, from, to, null, ct));

    /// <summary>Raise the findings of a scan as nonconformities (each once).</summary>
    [Authorize(Policy = Policies.Quality)]
    [WolverinePost("/api/audit/conformance/raise")]
    public static async Task<Results<Ok<FindingsRaised>, ProblemHttpResult>> Raise(string? unit, DateOnly? from, DateOnly? to, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        var answer = await bus.SendCommandAsync<FindingsRaised>(new RaiseAuditFindings(unit, from, to, Scope.Of(http).Person, Scope.Of(http)), ct);
        return answer.ToOk();
    }
}

public sealed record FindingsRaised(int Findings, int Raised);

/// <summary>
/// Raise the findings of a conformance scan as nonconformities, each once. A caller that has just scanned (the command
/// line prints what it found) passes its findings, so the scan is not run twice; the API's callers never do.
/// </summary>
public sealed record RaiseAuditFindings(string? Unit, DateOnly? From, DateOnly? To, string By, Principal? Principal = null,
    IReadOnlyList<Domain.Audit.Finding>? Scanned = null) : IAuthorizedCommand
{
    public string Policy => Policies.Quality;
}

public static class RaiseAuditFindingsHandler
{
    public static async Task<Outcome<FindingsRaised>> Handle(RaiseAuditFindings command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var findings = command.Scanned ?? await CaseAudit.ConformanceAsync(session, command.Unit, command.From, command.To, null, ct);
        session.LastModifiedBy = command.By;
        return Outcome<FindingsRaised>.Done(new FindingsRaised(findings.Count, await CaseAudit.RaiseAsync(session, findings, command.By, clock.GetUtcNow(), ct)));
    }
}
