
namespace IsoEdms.Cases.Working;

/// <summary>Move the current step to another unit (inter-agency step, or the dossier belongs elsewhere).</summary>
public sealed record TransferCase(long? Version, string? ToUnit, string? Reason);

public static class TransferCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/transfer")]
    public static async Task<Results<Ok<CaseCommandResult>, ProblemHttpResult>> Post(Guid id, TransferCase command, HttpContext http, IMessageBus bus, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(command.ToUnit)
            ? Problems.Field(400, "Unit required", "'to_unit' must name the unit that takes the step", "to_unit")
            : await CaseCommands.SendAsync(bus, http, id, command.Version, new TransferAction(command.ToUnit, command.Reason), ct);
}
