using System.Globalization;
using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Procedures;
using JasperFx.Events;
using Marten.Events.Projections;

namespace IsoEdms.Procedures;

public sealed record RegisterEntry(long Sequence, string Kind, string Document, string Action, string ContentHash, string By, DateTimeOffset At,
    Domain.Procedures.DocumentApproval? Approval = null);

/// <summary>
/// The register of controlled documents (ISO 9001 7.5.3): every publication, revision and retirement of a procedure or
/// calendar, in order, per year of issue. Async: it is a register, not something a person acts on.
/// </summary>
public sealed class DocumentRegister
{
    public string Id { get; set; } = "";
    public int Count { get; set; }
    public List<RegisterEntry> Entries { get; set; } = [];
}

public partial class DocumentRegisterProjection : MultiStreamProjection<DocumentRegister, string>
{
    public DocumentRegisterProjection()
    {
        Identity<ProcedureVersionPublished>(e => e.At.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture));
        Identity<ProcedureVersionRetired>(e => e.At.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture));
        Identity<ProcedureVersionApproved>(e => e.At.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture));
        Identity<CalendarYearPublished>(e => e.At.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture));
    }

    public void Apply(IEvent<ProcedureVersionPublished> e, DocumentRegister r) =>
        Add(r, new RegisterEntry(e.Sequence, "procedure", $"{e.Data.Code} v{e.Data.Version}", "published", e.Data.ContentHash, e.Data.By, e.Data.At));

    /// <summary>The approval: drafter, reviewer, approver and the decision (ISO 9001 7.5.2).</summary>
    public void Apply(IEvent<ProcedureVersionApproved> e, DocumentRegister r) =>
        Add(r, new RegisterEntry(e.Sequence, "procedure", $"{e.Data.Code} v{e.Data.Version}", "approved", e.Data.ContentHash, e.Data.By, e.Data.At,
            new Domain.Procedures.DocumentApproval(e.Data.DraftedBy, e.Data.ReviewedBy, e.Data.ApprovedBy, e.Data.Unit, e.Data.Decision, e.Data.DecisionDate)));

    public void Apply(IEvent<ProcedureVersionRetired> e, DocumentRegister r) =>
        Add(r, new RegisterEntry(e.Sequence, "procedure", $"{e.Data.Code} v{e.Data.Version}", "retired", "", e.Data.By, e.Data.At));

    public void Apply(IEvent<CalendarYearPublished> e, DocumentRegister r) =>
        Add(r, new RegisterEntry(e.Sequence, "calendar", $"{e.Data.Calendar} {e.Data.Year} r{e.Data.Revision}", "published", e.Data.ContentHash, e.Data.By, e.Data.At));

    private static void Add(DocumentRegister r, RegisterEntry entry)
    {
        if (r.Entries.Any(x => x.Sequence == entry.Sequence)) return;
        r.Entries.Add(entry);
        r.Count = r.Entries.Count;
    }
}

public static class DocumentRegisterEndpoint
{
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/documents/register/{year}")]
    public static async Task<Results<Ok<DocumentRegister>, ProblemHttpResult>> Get(int year, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<DocumentRegister>(year.ToString(CultureInfo.InvariantCulture), ct) is { } r ? TypedResults.Ok(r) : Problems.Of(404, "No register", $"no document was published in {year}");
}
