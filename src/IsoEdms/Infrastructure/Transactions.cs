
namespace IsoEdms.Infrastructure;

/// <summary>
/// Where a caller outside Wolverine's handlers commits a unit of work: the command line's verbs (which run no message bus
/// yet), the import's batches and the data-protection key ring. Everything else is committed by Wolverine's transactional
/// middleware around its handler.
/// </summary>
public static class Transactions
{
    public static Task CommitAsync(IDocumentSession session, CancellationToken ct = default) => session.SaveChangesAsync(ct);
}
