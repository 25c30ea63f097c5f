
namespace IsoEdms.Cases.Suspending;

/// <summary>Stop the clock: supplement (form 02, list the items), financial obligation or verification.</summary>
public sealed record SuspendCase(long? Version, string? Reason, IReadOnlyList<string>? Items, string? Note);

public static class SuspendCaseEndpoint
{
    public static readonly Dictionary<string, SuspensionReason> Reasons = new()
    {
        ["supplement"] = SuspensionReason.Supplement, ["financial"] = SuspensionReason.Financial, ["verification"] = SuspensionReason.Verification,
    };

    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/suspend")]
    public static async Task<Results<Ok<CaseCommandResult>, ProblemHttpResult>> Post(Guid id, SuspendCase command, HttpContext http, IMessageBus bus, CancellationToken ct) =>
        command.Reason is null || !Reasons.TryGetValue(command.Reason, out var reason)
            ? Problems.Field(400, "Reason required", "'reason' must be supplement, financial or verification", "reason")
            : reason == SuspensionReason.Supplement && (command.Items is null || command.Items.All(string.IsNullOrWhiteSpace))
            ? Problems.Field(400, "Items required", "a supplement request (form 02) must list in 'items' what the applicant has to add", "items")
            : await CaseCommands.SendAsync(bus, http, id, command.Version, new SuspendAction(reason, command.Items, command.Note), ct);
}
