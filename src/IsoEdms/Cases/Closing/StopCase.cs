using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Procedures;
using IsoEdms.Domain.Cases;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Cases.Closing;

/// <summary>Form 05: processing stops (the applicant withdrew, or it cannot go on), with the reason.</summary>
public sealed record StopCase(long? Version, string? Reason);

public static class StopCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/stop")]
    public static Task<IResult> Post(Guid id, StopCase command, HttpContext http, IDocumentSession session, TimeProvider clock, PublishedDocuments docs, CancellationToken ct) =>
        CaseWriting.ExecuteAsync(http, session, clock, docs, id, command.Version,
            (s, ctx, by, at) => CaseDecider.Stop(s, command.Reason ?? "", ctx, by, at), [], ct);
}
