using Marten.Schema;

namespace IsoEdms.Cases.Receiving;

/// <summary>The last dossier number a unit gave in a year. Optimistic concurrency: two desks never get the same number.</summary>
[UseOptimisticConcurrency]
public sealed class DossierCounter
{
    public string Id { get; set; } = "";
    public int Last { get; set; }
}

/// <summary>An idempotency key already used for a receipt at a unit: a retried request gets the same case back.</summary>
public sealed class ReceiptKey
{
    public string Id { get; set; } = "";
    public Guid CaseId { get; set; }
}

public static class DossierCodes
{
    /// <summary>The unit's prefix: the initials of its code (xa-quang-dien → XQD), as in "XQD-2026-000123".</summary>
    public static string Prefix(string unit) =>
        string.Concat(unit.Split('-', '.', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0])));

    public static string Format(string unit, int year, int number) => $"{Prefix(unit)}-{year}-{number:D6}";
}
