using IsoEdms.Cases;
using IsoEdms.Domain.Organisation;
using IsoEdms.Procedures;

namespace IsoEdms.Ui.Layout;

/// <summary>
/// The names a work queue shows instead of codes: procedures by their title, steps by their title in the procedure's
/// latest version, people by their name.
/// </summary>
public sealed class QueueNames(IReadOnlyDictionary<string, (string Vi, string? En)> procedures, IReadOnlyDictionary<string, string> people,
    IReadOnlyDictionary<(string Procedure, string Step), (string Vi, string? En)>? steps = null)
{
    public static readonly QueueNames None = new(new Dictionary<string, (string, string?)>(), new Dictionary<string, string>());

    public string Procedure(string code) => procedures.TryGetValue(code, out var t) ? L.T(t.Vi, t.En ?? t.Vi) : code;

    public string Step(string procedure, string step) => steps is not null && steps.TryGetValue((procedure, step), out var t) ? L.T(t.Vi, t.En ?? t.Vi) : step;

    public string Person(string code) => people.GetValueOrDefault(code, code);

    /// <summary>The names of the procedures and assignees of <paramref name="items"/>: two reads, whatever the queue's length.</summary>
    public static Task<QueueNames> ForAsync(IQuerySession session, PublishedDocuments published, IReadOnlyList<QueueEntry> items, CancellationToken ct) =>
        ForAsync(session, published, items.Select(i => i.Procedure), items.Select(i => i.Assignee), ct);

    /// <summary>
    /// The titles of <paramref name="procedureCodes"/> and of their steps, and the names of <paramref name="personCodes"/>:
    /// two reads, and the published versions from their cache.
    /// </summary>
    public static async Task<QueueNames> ForAsync(IQuerySession session, PublishedDocuments published, IEnumerable<string> procedureCodes,
        IEnumerable<string?> personCodes, CancellationToken ct)
    {
        var codes = procedureCodes.Distinct().ToArray();
        var ids = personCodes.OfType<string>().Select(PersonRecord.StreamIdFor).Distinct().ToArray();
        if (codes.Length == 0 && ids.Length == 0) return None;
        var catalogue = codes.Length == 0 ? [] : await session.Query<ProcedureCatalogEntry>().Where(p => codes.Contains(p.Code)).ToListAsync(ct);
        var procedures = catalogue.ToDictionary(p => p.Code, p => (p.TitleVi, p.TitleEn));
        var steps = new Dictionary<(string, string), (string, string?)>();
        foreach (var entry in catalogue)
            if (await published.ProcedureAsync(session, entry.Code, entry.LatestVersion, ct) is { } version)
                foreach (var step in version.Definition.Steps.Where(s => s.Title is not null))
                    steps[(entry.Code, step.Id)] = (step.Title!.Vi, step.Title.En);
        var people = ids.Length == 0 ? new Dictionary<string, string>()
            : (await session.LoadManyAsync<PersonRecord>(ct, ids)).ToDictionary(p => p.Code, p => p.Name);
        return new QueueNames(procedures, people, steps);
    }
}
