
namespace IsoEdms.Cases.Importing;

public static class ImportEndpoint
{
    /// <summary>
    /// POST /api/import?dry_run=true&amp;as_recorded=true with a JSON-lines body. 200 when every line was imported (or was
    /// already), 422 when any line was rejected; the body always holds the summary and each rejected line.
    /// </summary>
    [Authorize(Policy = Policies.Admin)]
    [WolverinePost("/api/import")]
    public static async Task<Results<Ok<ImportAnswer>, UnprocessableEntity<ImportAnswer>, ProblemHttpResult>> Post(HttpContext http, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var by = Actor.From(http);
        if (by is null) return Problems.Unauthenticated();
        bool Flag(string name) => http.Request.Query[name].ToString() is "true" or "1";
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(ct);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.All(string.IsNullOrWhiteSpace))
            return Problems.Of(400, "Nothing to import", "send one JSON object per line (application/x-ndjson)");
        var summary = await CaseImport.RunAsync(store, lines, Flag("dry_run"), Flag("as_recorded"), by, clock, null, null, ct);
        var answer = new ImportAnswer(summary.Ok, summary.Lines, summary.Imported, summary.AlreadyImported, summary.Rejected, summary.DryRun, summary.AsRecorded,
            summary.Breaches, summary.Errors.Select(e => new ImportLineError(e.Line, e.Reason)).ToList(), summary.ToString());
        return summary.Ok ? TypedResults.Ok(answer) : TypedResults.UnprocessableEntity(answer);
    }
}

public sealed record ImportLineError(int Line, string Reason);

public sealed record ImportAnswer(bool Ok, int Lines, int Imported, int AlreadyImported, int Rejected, bool DryRun, bool AsRecorded, int Breaches,
    IReadOnlyList<ImportLineError> Errors, string Message);
