using System.Text.Json;
using System.Text.Json.Nodes;
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
        var json = JsonNode.Parse(Canonical.ToJson(data))!.AsObject();
        foreach (var name in PersonalData.PropertiesOf(data.GetType()).Append(PersonalData.SaltProperty)) json.Remove(name);
        return Sort(json)!.ToJsonString(Canonical.Json);
    }

    /// <summary>The data's canonical JSON with every object's keys sorted: the store (jsonb) keeps no key order.</summary>
    public static string SortedJson(object data) => Sort(JsonNode.Parse(Canonical.ToJson(data)))?.ToJsonString(Canonical.Json) ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        JsonValue v => JsonNode.Parse(v.ToJsonString()),
        _ => null,
    };
}
