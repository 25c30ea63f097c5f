
namespace IsoEdms.Cases.Apologising;

/// <summary>Form 04: apology and a new appointment, approved by the head of the unit; at most once per case.</summary>
public sealed record IssueApology(long? Version, string? Reason, DateTimeOffset? NewDue, string? ApprovedBy);

public static class IssueApologyEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/apology")]
    public static async Task<Results<Ok<CaseCommandResult>, ProblemHttpResult>> Post(Guid id, IssueApology command, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        if (command.NewDue is null) return Problems.Field(400, "New appointment required", "'new_due' must give the new appointment (ISO 8601 with offset)", "new_due");
        if (string.IsNullOrWhiteSpace(command.ApprovedBy)) return Problems.Field(400, "Approval required", "'approved_by' must name the head of the unit who approved the letter", "approved_by");
        return await CaseCommands.SendAsync(bus, http, id, command.Version, new ApologyAction(command.Reason ?? "", command.NewDue.Value.ToUniversalTime(), command.ApprovedBy), ct);
    }
}
