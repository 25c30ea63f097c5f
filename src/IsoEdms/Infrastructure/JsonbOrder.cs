using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace IsoEdms.Infrastructure;

/// <summary>
/// The store's JSON writes every object's properties in the order PostgreSQL keeps the keys of a <c>jsonb</c> value:
/// shorter names first, names of one length by their bytes. PostgreSQL sorts the keys of every object it parses into
/// <c>jsonb</c>; keys that arrive in that order cost it one pass to check instead of a sort (docs/write-path.md, "JSON in
/// the store's key order"). Reading is unaffected: properties are matched by name. Keys of dictionaries keep their order.
/// </summary>
public static class JsonbOrder
{
    /// <summary>A contract modifier: the properties of every object type, in <c>jsonb</c>'s key order.</summary>
    public static void Apply(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.Properties.Count < 2) return;
        var ordered = type.Properties.OrderBy(p => p.Name, Keys).ToList();
        type.Properties.Clear();
        foreach (var p in ordered) type.Properties.Add(p);
    }

    /// <summary>PostgreSQL's order of <c>jsonb</c> keys: by length in UTF-8 bytes, then byte by byte.</summary>
    public static readonly IComparer<string> Keys = Comparer<string>.Create((a, b) =>
    {
        var (x, y) = (Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.AsSpan().SequenceCompareTo(y);
    });
}
