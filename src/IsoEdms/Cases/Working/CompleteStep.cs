
namespace IsoEdms.Cases.Working;

/// <summary>Complete the current step with one of its outcomes (steps with a single route take none).</summary>
public sealed record CompleteStep(long? Version, string? Outcome);

public static class CompleteStepEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/steps/{step}/complete")]
    public static async Task<Results<Ok<CaseCommandResult>, ProblemHttpResult>> Post(Guid id, string step, CompleteStep command, HttpContext http, IMessageBus bus, CancellationToken ct) =>
        await CaseCommands.SendAsync(bus, http, id, command.Version, new CompleteAction(step, command.Outcome), ct);
}
