
namespace IsoEdms.Cases.Working;

/// <summary>Take the current step into one's own queue.</summary>
public sealed record ClaimStep(long? Version);

public static class ClaimStepEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/steps/{step}/claim")]
    public static async Task<Results<Ok<CaseCommandResult>, ProblemHttpResult>> Post(Guid id, string step, ClaimStep command, HttpContext http, IMessageBus bus, CancellationToken ct) =>
        await CaseCommands.SendAsync(bus, http, id, command.Version, new ClaimAction(step), ct);
}
