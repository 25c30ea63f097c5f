using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Timeliness;

namespace IsoEdms.Domain.Tests.Statistics;

/// <summary>A case's statistics fact folded from its events with the fold the host's statistics projection uses.</summary>
public static class Facts
{
    public static CaseFact Fold(IEnumerable<object> events) => events.Aggregate((CaseFact?)null, CaseFact.Evolve)!;
}
