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
        // SHA-256 of the UTF-8 text "previous\nstream\nversion\ntype\nstored by\njson", written into this thread's own
        // buffer: a seal allocates nothing but its hex string (sealing runs for every event appended or imported)
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        Span<char> chars = stackalloc char[512];
        if (chars.TryWrite($"{previous}\n{streamId:N}\n{version}\n{data.GetType().Name}\n{storedBy}\n", out var length))
            Append(buffer, chars[..length]);
        else
            Append(buffer, $"{previous}\n{streamId:N}\n{version}\n{data.GetType().Name}\n{storedBy}\n");
        WriteSealedJson(buffer, data);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        if (buffer.Capacity > 1 << 20) (t_buffer, t_writer) = (null, null);   // an unusually large event: do not keep its buffer
        return Convert.ToHexStringLower(hash);
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private static void Append(ArrayBufferWriter<byte> buffer, ReadOnlySpan<char> text)
    {
        var written = Encoding.UTF8.GetBytes(text, buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        buffer.Advance(written);
    }

    /// <summary>
    /// What the seal covers, appended to <paramref name="buffer"/>: the canonical JSON of the data, where an event that
    /// commits to its personal data (<see cref="IHoldsPersonalData"/>) leaves that data and its salt out, the commitment
    /// standing for them. Written straight into the buffer when the data's contract always writes keys in order
    /// (<see cref="OrderedByContract"/>), else as <see cref="SortedUtf8"/> gives it; the same bytes either way.
    /// </summary>
    private static void WriteSealedJson(ArrayBufferWriter<byte> buffer, object data)
    {
        var personal = data is IHoldsPersonalData { PersonalCommitment: not null };
        var options = personal ? SortedWithoutPersonal : Sorted;
        if (OrderedByContract(data.GetType(), options))
        {
            var writer = t_writer;
            if (writer is null) t_writer = writer = new Utf8JsonWriter(buffer, Writing);
            else writer.Reset(buffer);
            JsonSerializer.Serialize(writer, data, data.GetType(), options);
            writer.Flush();
            return;
        }
        buffer.Write(personal
            ? SortedUtf8(data, options, [.. PersonalData.PropertiesOf(data.GetType()), PersonalData.SaltProperty])
            : SortedUtf8(data, options, []));
    }

    /// <summary>
    /// The data's canonical JSON with every object's keys sorted: the store (jsonb) keeps no key order. Most data comes out
    /// of the serializer already in that order (<see cref="Sorted"/> writes every object's properties by name); that is
    /// checked, and anything else (a dictionary's keys) takes the general way: parse, then write every object's keys in
    /// order. Both give the same bytes for the same data (<see cref="SortedByParsing"/>).
    /// </summary>
    public static string SortedJson(object data) => Encoding.UTF8.GetString(SortedUtf8(data, Sorted, []));

    /// <summary>
    /// The direct way with <paramref name="options"/> when it came out in order, else the general way without
    /// <paramref name="leftOut"/>. Data of a type the contract always writes in order (<see cref="OrderedByContract"/>) is
    /// not checked.
    /// </summary>
    private static byte[] SortedUtf8(object data, JsonSerializerOptions options, IReadOnlyCollection<string> leftOut)
    {
        var direct = JsonSerializer.SerializeToUtf8Bytes(data, options);
        return OrderedByContract(data.GetType(), options) || IsCanonical(direct) ? direct : SortedByParsing(data, leftOut);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, JsonSerializerOptions), bool> Ordered = new();

    /// <summary>
    /// Whether the sorted contract writes every object of <paramref name="type"/> in key order whatever its values: every
    /// object in it is a class or struct whose properties the contract orders, reached through properties and list
    /// elements whose declared type is what gets written. A dictionary (its keys come from the data), <c>object</c>, an
    /// abstract type or interface that is not a list, a polymorphic type or JSON held as data anywhere in it means no: such
    /// data is checked after writing. A type's answer is worked out once (the contract of a type never changes).
    /// </summary>
    public static bool OrderedByContract(Type type, JsonSerializerOptions options) =>
        Ordered.GetOrAdd((type, options), key => Walk(key.Item1, key.Item2, []));

    private static bool Walk(Type t, JsonSerializerOptions options, HashSet<Type> seen)
    {
        if (!seen.Add(t)) return true;   // a type met again on the way down is being answered above
        if (t == typeof(object) || t == typeof(JsonElement) || t == typeof(JsonDocument) || typeof(System.Text.Json.Nodes.JsonNode).IsAssignableFrom(t)) return false;
        if (Nullable.GetUnderlyingType(t) is { } underlying) return Walk(underlying, options, seen);
        var info = options.GetTypeInfo(t);
        if (info.PolymorphismOptions is not null) return false;
        return info.Kind switch
        {
            // a value the converters write as one token (string, number, date, enum, Guid): only the built-in ones
            JsonTypeInfoKind.None => info.Converter.GetType().Assembly == typeof(JsonSerializer).Assembly,
            JsonTypeInfoKind.Enumerable => info.ElementType is { } element && Walk(element, options, seen),
            JsonTypeInfoKind.Object => !t.IsAbstract && !t.IsInterface && info.Properties.All(p => p.CustomConverter is null && Walk(p.PropertyType, options, seen)),
            _ => false,
        };
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
    private static readonly JsonSerializerOptions Sorted = SortedOptions(leavePersonalOut: false);

    /// <summary>
    /// The same without the personal properties and the salt of a type that holds personal data, wherever it is written
    /// (the events that hold it are top-level data; none holds another).
    /// </summary>
    private static readonly JsonSerializerOptions SortedWithoutPersonal = SortedOptions(leavePersonalOut: true);

    private static JsonSerializerOptions SortedOptions(bool leavePersonalOut) => new(Canonical.Json)
    {
        TypeInfoResolver = (Canonical.Json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(t =>
        {
            if (t.Kind != JsonTypeInfoKind.Object) return;
            var personal = leavePersonalOut && typeof(IHoldsPersonalData).IsAssignableFrom(t.Type)
                ? [.. PersonalData.PropertiesOf(t.Type), PersonalData.SaltProperty]
                : new HashSet<string>();
            var ordered = t.Properties.Where(p => !personal.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            t.Properties.Clear();
            foreach (var p in ordered) t.Properties.Add(p);
        }),
    };

    /// <summary>Whether every object in <paramref name="json"/> has its keys in strictly increasing ordinal order.</summary>
    private static bool IsCanonical(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        // per open object, where its last key's bytes are in json (start, length; -1: none yet, or a key that needed decoding)
        var open = new List<(int Start, int Length, string? Decoded)>(8);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    open.Add((-1, 0, null));
                    break;
                case JsonTokenType.EndObject:
                    open.RemoveAt(open.Count - 1);
                    break;
                case JsonTokenType.PropertyName:
                    var before = open[^1];
                    var start = (int)reader.TokenStartIndex + 1;   // after the opening quote
                    var raw = reader.ValueSpan;
                    // plain ASCII keys (all of a record's) compare by their bytes; anything else by its decoded text
                    if (!reader.ValueIsEscaped && Ascii.IsValid(raw))
                    {
                        if (before.Start >= 0 && before.Decoded is null && json.Slice(before.Start, before.Length).SequenceCompareTo(raw) >= 0) return false;
                        if (before.Decoded is not null && string.CompareOrdinal(before.Decoded, Encoding.ASCII.GetString(raw)) >= 0) return false;
                        open[^1] = (start, raw.Length, null);
                    }
                    else
                    {
                        var name = reader.GetString()!;
                        var previous = before.Decoded ?? (before.Start >= 0 ? Encoding.ASCII.GetString(json.Slice(before.Start, before.Length)) : null);
                        if (previous is not null && string.CompareOrdinal(previous, name) >= 0) return false;
                        open[^1] = (start, 0, name);
                    }
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
