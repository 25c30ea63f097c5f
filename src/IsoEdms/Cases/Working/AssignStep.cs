
namespace IsoEdms.Cases.Working;

/// <summary>The head of the unit gives the current step to a person holding its role.</summary>
public sealed record AssignStep(long? Version, string? Person);

public static class AssignStepEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/steps/{step}/assign")]
    public static async Task<Results<Ok<CaseCommandResult>, ProblemHttpResult>> Post(Guid id, string step, AssignStep command, HttpContext http, IMessageBus bus, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(command.Person)
            ? Problems.Field(400, "Person required", "'person' must name who takes the step", "person")
            : await CaseCommands.SendAsync(bus, http, id, command.Version, new AssignAction(step, command.Person), ct);
}
