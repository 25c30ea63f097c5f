using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Procedures;
using IsoEdms.Domain.Access;

namespace IsoEdms.Procedures;

public sealed record ProcedureFileUpload(string Path, string Content);
public sealed record PublishProcedures(IReadOnlyList<ProcedureFileUpload> Files, bool DryRun = false);
public sealed record RetireProcedure(string Reason);
public sealed record Retired(string Message);

public sealed record PublishResult(bool Ok, int Published, int Unchanged, IReadOnlyList<string> Lines, IReadOnlyList<Diagnostic> Errors)
{
    /// <summary>The lines as sentences by code (see <see cref="PublishReport.Sentences"/>), for the pages to word.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<IReadOnlyList<Domain.Said>> Sentences { get; init; } = [];

    public static PublishResult Of(bool ok, int published, int unchanged, IReadOnlyList<IReadOnlyList<Domain.Said>> sentences, IReadOnlyList<Diagnostic> errors) =>
        new(ok, published, unchanged, [.. sentences.Select(l => string.Join(" ", l.Select(s => s.English)))], errors) { Sentences = sentences };
}

public static class ProcedureEndpoints
{
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/procedures")]
    public static async Task<IReadOnlyList<ProcedureCatalogEntry>> List(IQuerySession session, CancellationToken ct) =>
        await session.Query<ProcedureCatalogEntry>().OrderBy(x => x.Code).ToListAsync(ct);

    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/procedures/{code}")]
    public static async Task<Results<Ok<ProcedureCatalogEntry>, ProblemHttpResult>> Show(string code, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ProcedureCatalogEntry>(ProcedureHistory.StreamIdFor(code), ct) is { } entry
            ? TypedResults.Ok(entry)
            : Problems.Of(404, "Unknown procedure", $"procedure '{code}' is not published");

    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/procedures/{code}/versions/{version}")]
    public static async Task<Results<Ok<PublishedVersion>, ProblemHttpResult>> Version(string code, int version, IQuerySession session, CancellationToken ct)
    {
        var history = await Publishing.LoadHistoryAsync(session, code, ct);
        if (history is null || !history.Versions.TryGetValue(version, out var v))
            return Problems.Of(404, "Unknown procedure version", $"{code} v{version} is not published");
        return TypedResults.Ok(v);
    }

    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/procedures/{code}/diff")]
    public static async Task<Results<Ok<IReadOnlyList<DiffLine>>, ProblemHttpResult>> Diff(string code, int from, int to, IQuerySession session, CancellationToken ct)
    {
        var history = await Publishing.LoadHistoryAsync(session, code, ct);
        if (history is null) return Problems.Of(404, "Unknown procedure", $"procedure '{code}' is not published");
        foreach (var v in new[] { from, to })
            if (!history.Versions.ContainsKey(v))
                return Problems.Of(404, "Unknown procedure version", $"{code} v{v} is not published");
        return TypedResults.Ok(ProcedureDiff.Compare(history.Versions[from].Definition, history.Versions[to].Definition));
    }

    /// <summary>Validate and publish uploaded procedure files (all or nothing), checked against the organisation and published calendars.</summary>
    [Authorize(Policy = Policies.Quality)]
    [WolverinePost("/api/procedures/publish")]
    public static async Task<Results<Ok<PublishResult>, UnprocessableEntity<PublishResult>, Conflict<PublishResult>, ProblemHttpResult>> Publish(
        PublishProcedures command, HttpContext http, IMessageBus bus, IConfiguration config, CancellationToken ct)
    {
        var answer = await ProcedureUploads.SendAsync(bus, Scope.Of(http), command, config, ct);
        if (answer.Refusal is { } refused) return refused.ToResult();
        return answer.Status switch { 422 => TypedResults.UnprocessableEntity(answer.Value), 409 => TypedResults.Conflict(answer.Value), _ => TypedResults.Ok(answer.Value) };
    }

    [Authorize(Policy = Policies.Quality)]
    [WolverinePost("/api/procedures/{code}/versions/{version}/retire")]
    public static async Task<Results<Ok<Retired>, ProblemHttpResult>> Retire(string code, int version, RetireProcedure command, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(command.Reason)) return Problems.Field(400, "Reason required", "'reason' must say why the version is retired", "reason");
        var answer = await bus.SendCommandAsync<string>(new RetireProcedureCommand(code, version, command.Reason, Scope.Of(http).Person, Scope.Of(http)), ct);
        return answer.Refusal is { } refused ? refused.ToResult() : TypedResults.Ok(new Retired(answer.Value!));
    }
}

public static class ProcedureUploads
{
    /// <summary>
    /// Writes the uploaded files to a scratch folder, validates them as the command line does (errors with the file's
    /// path and line) and sends the publishing command; the API and the publishing page both come here.
    /// </summary>
    public static async Task<Outcome<PublishResult>> SendAsync(IMessageBus bus, Principal principal, PublishProcedures command, IConfiguration config, CancellationToken ct)
    {
        if (command.Files is null || command.Files.Count == 0)
            return new Refusal(400, "Nothing to publish", "'files' must list at least one { path, content }");
        if (Policies.Refusal(principal, Policies.Quality) is { } notAllowed) return notAllowed;
        var scratch = Directory.CreateTempSubdirectory("isoedms-publish-");
        try
        {
            var paths = new List<string>();
            foreach (var f in command.Files)
            {
                var rel = (f.Path ?? "").Replace('\\', '/').TrimStart('/');
                if (rel.Length == 0 || rel.Contains("..") || !rel.StartsWith("procedures/", StringComparison.Ordinal) || !(rel.EndsWith(".yaml", StringComparison.Ordinal) || rel.EndsWith(".yml", StringComparison.Ordinal)))
                    return new Refusal(400, "Bad file path", $"'{f.Path}': a path must look like procedures/<code>/v<N>.yaml");
                var full = Path.Combine(scratch.FullName, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, f.Content ?? "", ct);
                paths.Add(full);
            }
            var root = ProcessesFolder.Find(config);
            var set = ProcessSet.Load(root, paths);
            var errors = set.Errors.Select(e => e with { Path = Path.GetRelativePath(scratch.FullName, e.Path).Replace('\\', '/') }).ToList();
            if (errors.Count > 0)
                return Outcome<PublishResult>.Done(PublishResult.Of(false, 0, 0,
                    [[Domain.Say.It("nothing_published_errors", $"nothing was published: {errors.Count:number} error(s)")]], errors), 422);
            if (command.DryRun)
                return Outcome<PublishResult>.Done(PublishResult.Of(true, 0, 0, [[Domain.Say.It("valid_procedure_files", $"valid: {set.Procedures.Count:number} procedure file(s)")]], []));
            var sent = await bus.SendCommandAsync<PublishReport>(new PublishProceduresCommand(set, principal.Person, principal), ct);
            if (sent.Value is not { } report) return sent.Refusal!;
            // the files were written to a scratch folder: the answer names them by the paths they were sent with
            var prefix = scratch.FullName + "/";
            var sentences = report.Sentences.Select(l => (IReadOnlyList<Domain.Said>)[.. l.Select(s => s with
                { English = s.English.Replace(prefix, ""), Args = [.. s.Args.Select(a => a with { Value = a.Value.Replace(prefix, "") })] })]).ToList();
            return Outcome<PublishResult>.Done(PublishResult.Of(report.Ok, report.Published, report.Unchanged, sentences, []), report.Ok ? 200 : 409);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
