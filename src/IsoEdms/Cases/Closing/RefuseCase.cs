
namespace IsoEdms.Cases.Closing;

/// <summary>Form 03: the dossier is refused, with the reason.</summary>
public sealed record RefuseCase(long? Version, string? Reason);

public static class RefuseCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/refuse")]
    public static async Task<Results<Ok<CaseCommandResult>, ProblemHttpResult>> Post(Guid id, RefuseCase command, HttpContext http, IMessageBus bus, CancellationToken ct) =>
        await CaseCommands.SendAsync(bus, http, id, command.Version, new RefuseAction(command.Reason ?? ""), ct);
}
