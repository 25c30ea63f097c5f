
namespace IsoEdms.Quality;

/// <summary>
/// Every writer of events on an existing case (commands, sweep, rating) passes its new events here, in the same
/// transaction: the rules in <see cref="Nonconformities.From"/> decide which nonconformities they raise; ids derived from
/// the facts make each one exist once, whoever detects it first. The import applies the same rules to a new dossier and
/// copies the streams with the dossier's own (<c>CaseImport</c>): a new dossier's nonconformities cannot exist yet.
/// </summary>
public static class NonconformityRaising
{
    public static async Task<int> RaiseAsync(IDocumentSession session, CaseState before, IReadOnlyList<object> events, CancellationToken ct)
    {
        var raised = 0;
        foreach (var nc in Nonconformities.From(before, events))
        {
            if (await session.Events.FetchStreamStateAsync(nc.NcId, ct) is not null) continue;
            session.Events.StartStream<NonconformityView>(nc.NcId, nc);
            raised++;
        }
        return raised;
    }
}
