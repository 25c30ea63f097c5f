
namespace IsoEdms.Cases.Suspending;

/// <summary>The clock runs again (supplement received, obligation paid, verification answered); the due instant moves by the procedure's policy.</summary>
public sealed record ResumeCase(long? Version);

public static class ResumeCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases/{id}/resume")]
    public static async Task<Results<Ok<CaseCommandResult>, ProblemHttpResult>> Post(Guid id, ResumeCase command, HttpContext http, IMessageBus bus, CancellationToken ct) =>
        await CaseCommands.SendAsync(bus, http, id, command.Version, new ResumeAction(), ct);
}
