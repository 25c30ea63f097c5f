using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Organisation;

namespace IsoEdms.Domain.Procedures;

public sealed record PublishedVersion(int Version, string ContentHash, ProcedureDefinition Definition, DateTimeOffset PublishedAt, string PublishedBy, bool Retired);

/// <summary>Write model of one procedure stream: its published versions, and the approvals recorded for versions.</summary>
public sealed record ProcedureHistory(Guid Id, string Code, IReadOnlyDictionary<int, PublishedVersion> Versions)
{
    /// <summary>The last approval recorded for each version (by its content hash).</summary>
    public IReadOnlyDictionary<int, ProcedureVersionApproved> Approvals { get; init; } = new Dictionary<int, ProcedureVersionApproved>();

    public static ProcedureHistory Empty(string code) => new(StreamIdFor(code), code, new Dictionary<int, PublishedVersion>());

    public static Guid StreamIdFor(string code) => Canonical.StreamId("procedure", code);

    public static ProcedureHistory Create(ProcedureVersionPublished e) => Empty(e.Code).Apply(e);

    public ProcedureHistory Apply(ProcedureVersionPublished e) =>
        this with { Versions = new Dictionary<int, PublishedVersion>(Versions) { [e.Version] = new(e.Version, e.ContentHash, e.Definition, e.At, e.By, false) } };

    public ProcedureHistory Apply(ProcedureVersionRetired e) =>
        Versions.TryGetValue(e.Version, out var v)
            ? this with { Versions = new Dictionary<int, PublishedVersion>(Versions) { [e.Version] = v with { Retired = true } } }
            : this;

    public ProcedureHistory Apply(ProcedureVersionApproved e) =>
        this with { Approvals = new Dictionary<int, ProcedureVersionApproved>(Approvals) { [e.Version] = e } };

    public static ProcedureHistory Fold(string code, IEnumerable<object> events) =>
        events.Aggregate(Empty(code), (h, e) => e switch
        {
            ProcedureVersionPublished p => h.Apply(p),
            ProcedureVersionRetired r => h.Apply(r),
            ProcedureVersionApproved a => h.Apply(a),
            _ => h,
        });

    /// <summary>The version a new case uses on a date: the highest published, not retired version effective by then.</summary>
    public PublishedVersion? CurrentOn(DateOnly date) =>
        Versions.Values.Where(v => !v.Retired && v.Definition.EffectiveFrom <= date).MaxBy(v => v.Version);
}

public abstract record Decision
{
    public sealed record Append(IReadOnlyList<object> Events) : Decision;
    /// <summary>Nothing to do, and why (said by code: the pages word it).</summary>
    public sealed record NoChange(Said Said) : Decision
    {
        public string Reason => Said.English;
    }

    /// <summary>Refused, and why (said by code: the pages word it).</summary>
    public sealed record Refused(Said Said) : Decision
    {
        public string Reason => Said.English;
    }
}

/// <summary>Publishing and retiring: pure decisions over the stream's history.</summary>
public static class ProcedurePublishing
{
    /// <summary>
    /// Publishes a new version that is approved (rule 30): by the file's <paramref name="approval"/> block, checked against
    /// the organisation and recorded with it, or by an approval of the same content recorded earlier. Without one it is a
    /// draft and is refused, saying how to approve it.
    /// </summary>
    public static Decision Publish(ProcedureHistory history, ProcedureDefinition definition, DocumentApproval? approval, OrgSnapshot org, DateOnly today,
        string sourcePath, string by, DateTimeOffset at)
    {
        var decision = Publish(history, definition, sourcePath, by, at);
        if (decision is not Decision.Append append) return decision;
        var hash = Canonical.Sha256(definition);
        if (approval is null)
            return history.Approvals.TryGetValue(definition.Version, out var recorded) && recorded.ContentHash == hash
                ? decision
                : new Decision.Refused(Say.It("version_is_draft", $"{definition.Code:code} v{definition.Version:number} is a draft: it needs the approval of the head of the approving unit. Add an 'approval:' block with drafted_by, reviewed_by, approved_by, unit, decision (Quyết định số …) and decision_date"));
        if (DocumentApprovals.Problem(approval, definition, org, today) is { } problem) return new Decision.Refused(problem);
        return new Decision.Append([new ProcedureVersionApproved(history.Id, definition.Code, definition.Version, hash, approval.DraftedBy, approval.ReviewedBy,
            approval.ApprovedBy, approval.Unit, approval.Decision, approval.DecisionDate, by, at), .. append.Events]);
    }

    /// <summary>The publication alone, whatever approves it: a published version never changes and versions only go up.</summary>
    public static Decision Publish(ProcedureHistory history, ProcedureDefinition definition, string sourcePath, string by, DateTimeOffset at)
    {
        var hash = Canonical.Sha256(definition);
        if (history.Versions.TryGetValue(definition.Version, out var existing))
            return existing.ContentHash == hash
                ? new Decision.NoChange(Say.It("version_same_content", $"{definition.Code:code} v{definition.Version:number} is already published with the same content"))
                : new Decision.Refused(Say.It("version_changed", $"{definition.Code:code} v{definition.Version:number} is already published with different content; a published version never changes: add the change as a new version (v{history.Versions.Keys.Max() + 1:number}.yaml)"));
        if (history.Versions.Count > 0 && definition.Version < history.Versions.Keys.Max())
            return new Decision.Refused(Say.It("version_older", $"{definition.Code:code} v{definition.Version:number} is older than the published v{history.Versions.Keys.Max():number}; versions only go up"));
        return new Decision.Append([new ProcedureVersionPublished(history.Id, definition.Code, definition.Version, hash, definition, sourcePath, by, at)]);
    }

    public static Decision Retire(ProcedureHistory history, int version, string reason, string by, DateTimeOffset at)
    {
        if (!history.Versions.TryGetValue(version, out var v))
            return new Decision.Refused(Say.It("version_unpublished", $"{history.Code:code} v{version:number} is not published"));
        if (v.Retired) return new Decision.NoChange(Say.It("version_already_retired", $"{history.Code:code} v{version:number} is already retired"));
        return new Decision.Append([new ProcedureVersionRetired(history.Id, history.Code, version, reason, by, at)]);
    }
}
