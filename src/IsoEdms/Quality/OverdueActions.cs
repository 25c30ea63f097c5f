using IsoEdms.Organisation;

namespace IsoEdms.Quality;

/// <summary>Flag the actions of corrective actions that passed their due date (each once).</summary>
public sealed record FlagOverdueActions;

public static class FlagOverdueActionsHandler
{
    public static async Task Handle(FlagOverdueActions _, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = OrgLoad.LocalDate(now);
        var candidates = await session.Query<CorrectiveActionView>().Where(x => x.HasOpenActions && x.EarliestOpenDue < today && x.Status != RecordStatuses.Closed).ToListAsync(ct);
        session.LastModifiedBy = "system:corrective-action-overdue";
        foreach (var c in candidates)
        {
            var events = await session.Events.FetchStreamAsync(c.Id, token: ct);
            var state = CorrectiveActionState.Fold(events.Select(e => e.Data))!;
            var flags = CorrectiveActions.FlagOverdue(state, today, "system:corrective-action-overdue", now);
            if (flags.Count > 0) session.Events.Append(c.Id, state.Version + flags.Count, flags.ToArray());
        }
    }
}

public sealed class CorrectiveActionOverdueJob(IMessageBus bus)
{
    public Task RunAsync() => bus.InvokeAsync(new FlagOverdueActions());
}
