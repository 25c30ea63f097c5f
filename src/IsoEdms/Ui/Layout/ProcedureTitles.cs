using IsoEdms.Procedures;

namespace IsoEdms.Ui.Layout;

/// <summary>Procedures by their title in the page's language (one read of the catalogue); a code the catalogue lacks stays a code.</summary>
public sealed class ProcedureTitles(IReadOnlyDictionary<string, (string Vi, string? En)> titles)
{
    public static readonly ProcedureTitles None = new(new Dictionary<string, (string, string?)>());

    public string Of(string code) => titles.TryGetValue(code, out var t) ? L.T(t.Vi, t.En ?? t.Vi) : code;

    /// <summary>The titles of <paramref name="codes"/>, or of the whole catalogue when null.</summary>
    public static async Task<ProcedureTitles> ForAsync(IQuerySession session, IReadOnlyCollection<string>? codes, CancellationToken ct)
    {
        IQueryable<ProcedureCatalogEntry> q = session.Query<ProcedureCatalogEntry>();
        if (codes is not null)
        {
            var wanted = codes.Distinct().ToArray();
            if (wanted.Length == 0) return None;
            q = q.Where(p => wanted.Contains(p.Code));
        }
        return new((await q.ToListAsync(ct)).ToDictionary(p => p.Code, p => (p.TitleVi, p.TitleEn)));
    }
}
