using IsoEdms.Cases;
using IsoEdms.Domain.Organisation;
using IsoEdms.Procedures;

namespace IsoEdms.Ui.Layout;

/// <summary>The names a work queue shows instead of codes: procedures by their title, people by their name.</summary>
public sealed class QueueNames(IReadOnlyDictionary<string, (string Vi, string? En)> procedures, IReadOnlyDictionary<string, string> people)
{
    public static readonly QueueNames None = new(new Dictionary<string, (string, string?)>(), new Dictionary<string, string>());

    public string Procedure(string code) => procedures.TryGetValue(code, out var t) ? L.T(t.Vi, t.En ?? t.Vi) : code;

    public string Person(string code) => people.GetValueOrDefault(code, code);

    /// <summary>The names of the procedures and assignees of <paramref name="items"/>: two reads, whatever the queue's length.</summary>
    public static Task<QueueNames> ForAsync(IQuerySession session, IReadOnlyList<QueueEntry> items, CancellationToken ct) =>
        ForAsync(session, items.Select(i => i.Procedure), items.Select(i => i.Assignee), ct);

    /// <summary>The titles of <paramref name="procedureCodes"/> and the names of <paramref name="personCodes"/>, two reads.</summary>
    public static async Task<QueueNames> ForAsync(IQuerySession session, IEnumerable<string> procedureCodes, IEnumerable<string?> personCodes, CancellationToken ct)
    {
        var codes = procedureCodes.Distinct().ToArray();
        var ids = personCodes.OfType<string>().Select(PersonRecord.StreamIdFor).Distinct().ToArray();
        if (codes.Length == 0 && ids.Length == 0) return None;
        var procedures = codes.Length == 0 ? new Dictionary<string, (string, string?)>()
            : (await session.Query<ProcedureCatalogEntry>().Where(p => codes.Contains(p.Code)).ToListAsync(ct)).ToDictionary(p => p.Code, p => (p.TitleVi, p.TitleEn));
        var people = ids.Length == 0 ? new Dictionary<string, string>()
            : (await session.LoadManyAsync<PersonRecord>(ct, ids)).ToDictionary(p => p.Code, p => p.Name);
        return new QueueNames(procedures, people);
    }
}
