using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Procedures;
using IsoEdms.Domain.Cases;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Cases.Suspending;

/// <summary>The clock runs again (supplement received, obligation paid, verification answered); the due instant moves by the procedure's policy.</summary>
public sealed record ResumeCase(long? Version);

public static class ResumeCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/resume")]
    public static Task<IResult> Post(Guid id, ResumeCase command, HttpContext http, IDocumentSession session, TimeProvider clock, PublishedDocuments docs, CancellationToken ct) =>
        CaseWriting.ExecuteAsync(http, session, clock, docs, id, command.Version,
            (s, ctx, by, at) => CaseDecider.Resume(s, ctx, by, at), [], ct);
}
