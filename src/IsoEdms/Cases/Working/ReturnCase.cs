using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Procedures;
using IsoEdms.Domain.Cases;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Cases.Working;

/// <summary>Send the dossier back to an earlier step, with the reason.</summary>
public sealed record ReturnCase(long? Version, string? ToStep, string? Reason);

public static class ReturnCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/return")]
    public static Task<IResult> Post(Guid id, ReturnCase command, HttpContext http, IDocumentSession session, TimeProvider clock, PublishedDocuments docs, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(command.ToStep)
            ? Task.FromResult(Problems.Field(400, "Step required", "'to_step' must name the earlier step the dossier goes back to", "to_step"))
            : CaseWriting.ExecuteAsync(http, session, clock, docs, id, command.Version,
                (s, ctx, by, at) => CaseDecider.Return(s, command.ToStep, command.Reason ?? "", ctx, by, at), [], ct);
}
