using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Procedures;
using IsoEdms.Domain.Cases;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Cases.Working;

/// <summary>Move the current step to another unit (inter-agency step, or the dossier belongs elsewhere).</summary>
public sealed record TransferCase(long? Version, string? ToUnit, string? Reason);

public static class TransferCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/transfer")]
    public static Task<IResult> Post(Guid id, TransferCase command, HttpContext http, IDocumentSession session, TimeProvider clock, PublishedDocuments docs, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(command.ToUnit)
            ? Task.FromResult(Problems.Field(400, "Unit required", "'to_unit' must name the unit that takes the step", "to_unit"))
            : CaseWriting.ExecuteAsync(http, session, clock, docs, id, command.Version,
                (s, ctx, by, at) => CaseDecider.Transfer(s, command.ToUnit, command.Reason, ctx, by, at), [], ct);
}
