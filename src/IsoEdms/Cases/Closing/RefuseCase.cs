using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Procedures;
using IsoEdms.Domain.Cases;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Cases.Closing;

/// <summary>Form 03: the dossier is refused, with the reason.</summary>
public sealed record RefuseCase(long? Version, string? Reason);

public static class RefuseCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/refuse")]
    public static Task<IResult> Post(Guid id, RefuseCase command, HttpContext http, IDocumentSession session, TimeProvider clock, PublishedDocuments docs, CancellationToken ct) =>
        CaseWriting.ExecuteAsync(http, session, clock, docs, id, command.Version,
            (s, ctx, by, at) => CaseDecider.Refuse(s, command.Reason ?? "", ctx, by, at), [], ct);
}
