using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Procedures;
using IsoEdms.Infrastructure;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Procedures;

public sealed record ProcedureFileUpload(string Path, string Content);
public sealed record PublishProcedures(IReadOnlyList<ProcedureFileUpload> Files, bool DryRun = false);
public sealed record RetireProcedure(string Reason);
public sealed record PublishResult(bool Ok, int Published, int Unchanged, IReadOnlyList<string> Lines, IReadOnlyList<Diagnostic> Errors);

public static class ProcedureEndpoints
{
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/procedures")]
    public static async Task<IReadOnlyList<ProcedureCatalogEntry>> List(IQuerySession session, CancellationToken ct) =>
        await session.Query<ProcedureCatalogEntry>().OrderBy(x => x.Code).ToListAsync(ct);

    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/procedures/{code}")]
    public static async Task<IResult> Show(string code, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ProcedureCatalogEntry>(ProcedureHistory.StreamIdFor(code), ct) is { } entry
            ? Results.Ok(entry)
            : Results.Problem(statusCode: 404, title: "Unknown procedure", detail: $"procedure '{code}' is not published");

    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/procedures/{code}/versions/{version}")]
    public static async Task<IResult> Version(string code, int version, IQuerySession session, CancellationToken ct)
    {
        var history = await Publishing.LoadHistoryAsync(session, code, ct);
        if (history is null || !history.Versions.TryGetValue(version, out var v))
            return Results.Problem(statusCode: 404, title: "Unknown procedure version", detail: $"{code} v{version} is not published");
        return Results.Ok(v);
    }

    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/procedures/{code}/diff")]
    public static async Task<IResult> Diff(string code, int from, int to, IQuerySession session, CancellationToken ct)
    {
        var history = await Publishing.LoadHistoryAsync(session, code, ct);
        if (history is null) return Results.Problem(statusCode: 404, title: "Unknown procedure", detail: $"procedure '{code}' is not published");
        foreach (var v in new[] { from, to })
            if (!history.Versions.ContainsKey(v))
                return Results.Problem(statusCode: 404, title: "Unknown procedure version", detail: $"{code} v{v} is not published");
        return Results.Ok(ProcedureDiff.Compare(history.Versions[from].Definition, history.Versions[to].Definition));
    }

    /// <summary>Validate and publish uploaded procedure files (all or nothing), checked against the organisation and published calendars.</summary>
    [Authorize(Policy = Policies.Quality)]
    [WolverinePost("/api/procedures/publish")]
    public static async Task<IResult> Publish(PublishProcedures command, HttpContext http, IDocumentSession session, TimeProvider clock, IConfiguration config, CancellationToken ct)
    {
        if (command.Files is null || command.Files.Count == 0)
            return Results.Problem(statusCode: 400, title: "Nothing to publish", detail: "'files' must list at least one { path, content }");
        var by = Actor.From(http);
        if (by is null) return Infrastructure.Problems.Unauthenticated();
        var scratch = Directory.CreateTempSubdirectory("isoedms-publish-");
        try
        {
            var paths = new List<string>();
            foreach (var f in command.Files)
            {
                var rel = (f.Path ?? "").Replace('\\', '/').TrimStart('/');
                if (rel.Length == 0 || rel.Contains("..") || !rel.StartsWith("procedures/", StringComparison.Ordinal) || !(rel.EndsWith(".yaml") || rel.EndsWith(".yml")))
                    return Results.Problem(statusCode: 400, title: "Bad file path", detail: $"'{f.Path}': a path must look like procedures/<code>/v<N>.yaml");
                var full = Path.Combine(scratch.FullName, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, f.Content ?? "", ct);
                paths.Add(full);
            }
            var root = ProcessesFolder.Find(config);
            var set = ProcessSet.Load(root, paths);
            var errors = set.Errors.Select(e => e with { Path = Path.GetRelativePath(scratch.FullName, e.Path).Replace('\\', '/') }).ToList();
            if (errors.Count > 0)
                return Results.Json(new PublishResult(false, 0, 0, [$"nothing was published: {errors.Count} error(s)"], errors), statusCode: 422);
            if (command.DryRun)
                return Results.Ok(new PublishResult(true, 0, 0, [$"valid: {set.Procedures.Count} procedure file(s)"], []));
            var report = await Publishing.PublishProceduresAsync(session, set, by, clock.GetUtcNow(), ct);
            var lines = report.Lines.Select(l => l.Replace(scratch.FullName + "/", "")).ToList();
            return Results.Json(new PublishResult(report.Ok, report.Published, report.Unchanged, lines, []), statusCode: report.Ok ? 200 : 409);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [Authorize(Policy = Policies.Quality)]
    [WolverinePost("/api/procedures/{code}/versions/{version}/retire")]
    public static async Task<IResult> Retire(string code, int version, RetireProcedure command, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var by = Actor.From(http);
        if (by is null) return Infrastructure.Problems.Unauthenticated();
        if (string.IsNullOrWhiteSpace(command.Reason)) return Results.Problem(statusCode: 400, title: "Reason required", detail: "'reason' must say why the version is retired");
        var (ok, message) = await Publishing.RetireAsync(session, code, version, command.Reason, by, clock.GetUtcNow(), ct);
        return ok ? Results.Ok(new { message }) : Results.Problem(statusCode: 409, title: "Cannot retire", detail: message);
    }
}
