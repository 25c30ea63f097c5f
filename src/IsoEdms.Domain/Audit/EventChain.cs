using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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

    public static string Seal(string? previous, Guid streamId, long version, object data, string? storedBy)
    {
        // SHA-256 of the UTF-8 text "previous\nstream\nversion\ntype\nstored by\njson", fed in two pieces
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{previous ?? ""}\n{streamId:N}\n{version}\n{data.GetType().Name}\n{storedBy ?? ""}\n"));
        hash.AppendData(SealedJson(data));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// What the seal covers: the canonical JSON of the data, where an event that commits to its personal data
    /// (<see cref="IHoldsPersonalData"/>) leaves that data and its salt out, the commitment standing for them.
    /// </summary>
    private static ReadOnlySpan<byte> SealedJson(object data)
    {
        if (data is not IHoldsPersonalData { PersonalCommitment: not null }) return SortedUtf8(data, []);
        return SortedUtf8(data, [.. PersonalData.PropertiesOf(data.GetType()), PersonalData.SaltProperty]);
    }

    /// <summary>The data's canonical JSON with every object's keys sorted: the store (jsonb) keeps no key order.</summary>
    public static string SortedJson(object data) => Encoding.UTF8.GetString(SortedUtf8(data, []));

    /// <summary>
    /// The same as UTF-8, without the top-level properties named in <paramref name="leftOut"/>. Most data comes out of the
    /// serializer already in canonical order (<see cref="Sorted"/> writes every object's properties by name); that is
    /// checked, and anything else (a dictionary's keys, properties left out) takes the general way: parse, then write
    /// every object's keys in order. Both give the same bytes for the same data (<see cref="SortedByParsing"/>).
    /// </summary>
    private static ReadOnlySpan<byte> SortedUtf8(object data, IReadOnlyCollection<string> leftOut)
    {
        if (leftOut.Count == 0)
        {
            var direct = JsonSerializer.SerializeToUtf8Bytes(data, Sorted);
            if (IsCanonical(direct)) return direct;
        }
        return SortedByParsing(data, leftOut);
    }

    /// <summary>The general way: the serializer's JSON parsed, and written again with every object's keys in ordinal order.</summary>
    public static byte[] SortedByParsing(object data, IReadOnlyCollection<string> leftOut)
    {
        using var parsed = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(data, Canonical.Json));
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Writing)) Write(writer, parsed.RootElement, leftOut);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><see cref="Canonical.Json"/> with the properties of every object written in ordinal order of their names.</summary>
    private static readonly JsonSerializerOptions Sorted = new(Canonical.Json)
    {
        TypeInfoResolver = (Canonical.Json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(t =>
        {
            if (t.Kind != JsonTypeInfoKind.Object || t.Properties.Count < 2) return;
            var ordered = t.Properties.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            t.Properties.Clear();
            foreach (var p in ordered) t.Properties.Add(p);
        }),
    };

    /// <summary>Whether every object in <paramref name="json"/> has its keys in strictly increasing ordinal order.</summary>
    private static bool IsCanonical(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var last = new Stack<string?>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    last.Push(null);
                    break;
                case JsonTokenType.EndObject:
                    last.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    var before = last.Pop();
                    if (before is not null && string.CompareOrdinal(before, name) >= 0) return false;
                    last.Push(name);
                    break;
            }
        }
        return true;
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
