using System.Buffers;
using System.Text;
using System.Text.Json;
using IsoEdms.Domain.Documents;

namespace IsoEdms.Domain.Audit;

/// <summary>
/// The integrity seal of an event: SHA-256 over the previous event's seal in the same stream, the stream id, the
/// event's version and type, the user who stored it, and the canonical JSON of its data (which holds the business time
/// and actor). Changing, removing or reordering a stored event breaks the chain from that event on.
/// </summary>
public static class EventChain
{
    public const string Header = "seal";

    public static string Seal(string? previous, Guid streamId, long version, object data, string? storedBy) =>
        Canonical.Sha256($"{previous ?? ""}\n{streamId:N}\n{version}\n{data.GetType().Name}\n{storedBy ?? ""}\n{SealedJson(data)}");

    /// <summary>
    /// What the seal covers: the canonical JSON of the data, where an event that commits to its personal data
    /// (<see cref="IHoldsPersonalData"/>) leaves that data and its salt out, the commitment standing for them.
    /// </summary>
    private static string SealedJson(object data)
    {
        if (data is not IHoldsPersonalData { PersonalCommitment: not null }) return SortedJson(data);
        return SortedJson(data, [.. PersonalData.PropertiesOf(data.GetType()), PersonalData.SaltProperty]);
    }

    /// <summary>The data's canonical JSON with every object's keys sorted: the store (jsonb) keeps no key order.</summary>
    public static string SortedJson(object data) => SortedJson(data, []);

    /// <summary>The same, without the top-level properties named in <paramref name="leftOut"/>.</summary>
    private static string SortedJson(object data, IReadOnlyCollection<string> leftOut)
    {
        using var parsed = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(data, Canonical.Json));
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Writing)) Write(writer, parsed.RootElement, leftOut);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static readonly JsonWriterOptions Writing = new() { Encoder = Canonical.Json.Encoder, Indented = false };

    /// <summary>Writes <paramref name="e"/> with the keys of every object in ordinal order, values as they are.</summary>
    private static void Write(Utf8JsonWriter writer, JsonElement e, IReadOnlyCollection<string>? leftOut = null)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (leftOut is not null && leftOut.Contains(p.Name)) continue;
                    writer.WritePropertyName(p.Name);
                    Write(writer, p.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in e.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                e.WriteTo(writer);
                break;
        }
    }
}
