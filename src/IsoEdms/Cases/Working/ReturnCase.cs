
namespace IsoEdms.Cases.Working;

/// <summary>Send the dossier back to an earlier step, with the reason.</summary>
public sealed record ReturnCase(long? Version, string? ToStep, string? Reason);

public static class ReturnCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/return")]
    public static async Task<Results<Ok<CaseCommandResult>, ProblemHttpResult>> Post(Guid id, ReturnCase command, HttpContext http, IMessageBus bus, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(command.ToStep)
            ? Problems.Field(400, "Step required", "'to_step' must name the earlier step the dossier goes back to", "to_step")
            : await CaseCommands.SendAsync(bus, http, id, command.Version, new ReturnAction(command.ToStep, command.Reason ?? ""), ct);
}
