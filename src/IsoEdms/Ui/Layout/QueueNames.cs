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
    public static async Task<QueueNames> ForAsync(IQuerySession session, IReadOnlyList<QueueEntry> items, CancellationToken ct)
    {
        if (items.Count == 0) return None;
        var codes = items.Select(i => i.Procedure).Distinct().ToArray();
        var procedures = (await session.Query<ProcedureCatalogEntry>().Where(p => codes.Contains(p.Code)).ToListAsync(ct))
            .ToDictionary(p => p.Code, p => (p.TitleVi, p.TitleEn));
        var ids = items.Where(i => i.Assignee is not null).Select(i => PersonRecord.StreamIdFor(i.Assignee!)).Distinct().ToArray();
        var people = ids.Length == 0 ? new Dictionary<string, string>()
            : (await session.LoadManyAsync<PersonRecord>(ct, ids)).ToDictionary(p => p.Code, p => p.Name);
        return new QueueNames(procedures, people);
    }
}
