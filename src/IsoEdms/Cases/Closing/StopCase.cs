
namespace IsoEdms.Cases.Closing;

/// <summary>Form 05: processing stops (the applicant withdrew, or it cannot go on), with the reason.</summary>
public sealed record StopCase(long? Version, string? Reason);

public static class StopCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/stop")]
    public static async Task<Results<Ok<CaseCommandResult>, ProblemHttpResult>> Post(Guid id, StopCase command, HttpContext http, IMessageBus bus, CancellationToken ct) =>
        await CaseCommands.SendAsync(bus, http, id, command.Version, new StopAction(command.Reason ?? ""), ct);
}
