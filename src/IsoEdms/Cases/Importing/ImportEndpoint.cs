using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Infrastructure;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Cases.Importing;

public static class ImportEndpoint
{
    /// <summary>
    /// POST /api/import?dry_run=true&amp;as_recorded=true with a JSON-lines body. 200 when every line was imported (or was
    /// already), 422 when any line was rejected; the body always holds the summary and each rejected line.
    /// </summary>
    [Authorize(Policy = Policies.Admin)]
    [WolverinePost("/api/import")]
    public static async Task<IResult> Post(HttpContext http, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var by = Actor.From(http);
        if (by is null) return Problems.Unauthenticated();
        bool Flag(string name) => http.Request.Query[name].ToString() is "true" or "1";
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(ct);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.All(string.IsNullOrWhiteSpace))
            return Results.Problem(statusCode: 400, title: "Nothing to import", detail: "send one JSON object per line (application/x-ndjson)");
        var summary = await CaseImport.RunAsync(store, lines, Flag("dry_run"), Flag("as_recorded"), by, clock, null, null, ct);
        return Results.Json(new
        {
            ok = summary.Ok, lines = summary.Lines, imported = summary.Imported, already_imported = summary.AlreadyImported,
            rejected = summary.Rejected, dry_run = summary.DryRun, as_recorded = summary.AsRecorded, breaches = summary.Breaches,
            errors = summary.Errors.Select(e => new { line = e.Line, reason = e.Reason }), message = summary.ToString(),
        }, statusCode: summary.Ok ? 200 : 422);
    }
}
