using IsoEdms.Domain.Procedures;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IsoEdms.Procedures;

public sealed record VersionSummary(int Version, string TitleVi, string? TitleEn, string ContentHash, DateOnly EffectiveFrom, string TimeLimit,
    int Steps, DateTimeOffset PublishedAt, string PublishedBy, bool Retired, DateTimeOffset? RetiredAt, string? RetiredBy, string? RetiredReason,
    VersionApproval? Approval = null);

/// <summary>Who drafted, reviewed and approved a version, and the decision (rule 30); null for versions published before approvals were recorded.</summary>
public sealed record VersionApproval(string DraftedBy, string ReviewedBy, string ApprovedBy, string Unit, string Decision, DateOnly DecisionDate);

/// <summary>The catalogue of procedures (read model, inline): one document per procedure with its versions.</summary>
public sealed class ProcedureCatalogEntry
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string TitleVi { get; set; } = "";
    public string? TitleEn { get; set; }
    public string Level { get; set; } = "";
    public int LatestVersion { get; set; }
    public List<VersionSummary> Versions { get; set; } = [];
    /// <summary>Approvals recorded for versions not published yet (an approval comes first in the stream), by version.</summary>
    public Dictionary<int, VersionApproval> Approved { get; set; } = [];
}

public partial class ProcedureCatalogProjection : SingleStreamProjection<ProcedureCatalogEntry, Guid>
{
    public static ProcedureCatalogEntry Create(IEvent<ProcedureVersionPublished> e)
    {
        var entry = new ProcedureCatalogEntry { Id = e.Data.ProcedureId, Code = e.Data.Code };
        Add(entry, e.Data);
        return entry;
    }

    public static ProcedureCatalogEntry Create(IEvent<ProcedureVersionApproved> e)
    {
        var entry = new ProcedureCatalogEntry { Id = e.Data.ProcedureId, Code = e.Data.Code };
        Approve(entry, e.Data);
        return entry;
    }

    public void Apply(IEvent<ProcedureVersionApproved> e, ProcedureCatalogEntry entry) => Approve(entry, e.Data);

    public void Apply(IEvent<ProcedureVersionPublished> e, ProcedureCatalogEntry entry)
    {
        if (entry.Versions.Any(v => v.Version == e.Data.Version)) return;
        Add(entry, e.Data);
    }

    private static void Approve(ProcedureCatalogEntry entry, ProcedureVersionApproved a) =>
        entry.Approved[a.Version] = new VersionApproval(a.DraftedBy, a.ReviewedBy, a.ApprovedBy, a.Unit, a.Decision, a.DecisionDate);

    public void Apply(IEvent<ProcedureVersionRetired> e, ProcedureCatalogEntry entry)
    {
        var i = entry.Versions.FindIndex(v => v.Version == e.Data.Version);
        if (i >= 0) entry.Versions[i] = entry.Versions[i] with { Retired = true, RetiredAt = e.Data.At, RetiredBy = e.Data.By, RetiredReason = e.Data.Reason };
    }

    private static void Add(ProcedureCatalogEntry entry, ProcedureVersionPublished p)
    {
        var d = p.Definition;
        entry.Versions.Add(new VersionSummary(p.Version, d.Title.Vi, d.Title.En, p.ContentHash, d.EffectiveFrom, d.TimeLimit.ToString(),
            d.Steps.Count, p.At, p.By, false, null, null, null, entry.Approved.GetValueOrDefault(p.Version)));
        entry.Versions.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (p.Version >= entry.LatestVersion)
        {
            entry.LatestVersion = p.Version;
            entry.TitleVi = d.Title.Vi;
            entry.TitleEn = d.Title.En;
            entry.Level = d.Level;
        }
    }
}
