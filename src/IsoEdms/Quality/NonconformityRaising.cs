
namespace IsoEdms.Quality;

/// <summary>
/// Every writer of case events (commands, import, sweep, rating) passes its new events here, in the same transaction:
/// the rules in <see cref="Nonconformities.From"/> decide which nonconformities they raise; ids derived from the facts
/// make each one exist once, whoever detects it first.
/// </summary>
public static class NonconformityRaising
{
    public static async Task<int> RaiseAsync(IDocumentSession session, CaseState before, IReadOnlyList<object> events, bool streamsAreNew, CancellationToken ct)
    {
        var raised = 0;
        foreach (var nc in Nonconformities.From(before, events))
        {
            if (!streamsAreNew && await session.Events.FetchStreamStateAsync(nc.NcId, ct) is not null) continue;
            session.Events.StartStream<NonconformityView>(nc.NcId, nc);
            raised++;
        }
        return raised;
    }
}
