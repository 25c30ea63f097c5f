using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IsoEdms.Domain.Documents;

/// <summary>Canonical JSON of a parsed document and its SHA-256: formatting and comments in the file do not change it.</summary>
public static class Canonical
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static string Sha256<T>(T value) => Sha256(ToJson(value));

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A stable Guid for a named stream ("procedure:chung-thuc.ban-sao"), the same on every node and database.</summary>
    public static Guid StreamId(string kind, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"isoedms:{kind}:{key}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);   // version 5-style (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);   // RFC 4122 variant
        return new Guid(bytes);
    }
}
