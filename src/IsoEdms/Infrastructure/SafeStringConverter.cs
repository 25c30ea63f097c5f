using System.Text.Json;
using System.Text.Json.Serialization;

namespace IsoEdms.Infrastructure;

/// <summary>
/// Text the store cannot keep is refused where it enters (a 400 naming the JSON path), not half-way through a write:
/// NUL characters (PostgreSQL text and jsonb refuse them) and unpaired UTF-16 surrogates (not valid Unicode).
/// </summary>
public sealed class SafeStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.GetString();
        if (s is null) return null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0') throw new JsonException("text may not contain the NUL character");
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) throw new JsonException("text contains an unpaired surrogate: it is not valid Unicode");
        }
        return s;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
