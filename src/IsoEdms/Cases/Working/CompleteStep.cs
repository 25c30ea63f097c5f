using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Procedures;
using IsoEdms.Domain.Cases;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Cases.Working;

/// <summary>Complete the current step with one of its outcomes (steps with a single route take none).</summary>
public sealed record CompleteStep(long? Version, string? Outcome);

public static class CompleteStepEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/steps/{step}/complete")]
    public static Task<IResult> Post(Guid id, string step, CompleteStep command, HttpContext http, IDocumentSession session, TimeProvider clock, PublishedDocuments docs, CancellationToken ct) =>
        CaseWriting.ExecuteAsync(http, session, clock, docs, id, command.Version,
            (s, ctx, by, at) => CaseDecider.Complete(s, step, command.Outcome, ctx, by, at), [], ct);
}
