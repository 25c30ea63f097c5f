using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace IsoEdms.Satisfaction;

/// <summary>The store's key for rating secrets: random, made once per database, never shown.</summary>
public sealed class RatingKey
{
    public const string DocumentId = "rating-key";
    public string Id { get; set; } = DocumentId;
    public string Key { get; set; } = "";
}

/// <summary>
/// The secret printed on a case's receipt (form 01) that a rating must carry: eight characters of an HMAC of the case id
/// under the store's key, in Crockford's base32 (no I, L, O, U), so it can be typed from paper and cannot be guessed from
/// the dossier code, which is sequential. Nothing per case is stored; the key is cached per database (a cache: every node
/// reads the same key).
/// </summary>
public sealed class RatingSecrets
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private readonly ConcurrentDictionary<string, byte[]> _keys = new();

    public async Task<string> ForCaseAsync(IQuerySession session, Guid caseId, CancellationToken ct)
    {
        var mac = HMACSHA256.HashData(await KeyAsync(session, ct), caseId.ToByteArray());
        var bits = ((ulong)mac[0] << 32) | ((ulong)mac[1] << 24) | ((ulong)mac[2] << 16) | ((ulong)mac[3] << 8) | mac[4];
        return string.Concat(Enumerable.Range(0, 8).Select(i => Alphabet[(int)((bits >> (35 - 5 * i)) & 31)]));
    }

    /// <summary>Whether <paramref name="secret"/> is the case's, read as a person would type it (any case, spaces or dashes, O for 0, I or L for 1).</summary>
    public async Task<bool> MatchesAsync(IQuerySession session, Guid caseId, string? secret, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(secret)) return false;
        var typed = string.Concat(secret.ToUpperInvariant().Where(c => c is not (' ' or '-')).Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c }));
        var expected = await ForCaseAsync(session, caseId, ct);
        return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(typed), System.Text.Encoding.ASCII.GetBytes(expected));
    }

    /// <summary>How the secret is printed: two groups of four.</summary>
    public static string Printed(string secret) => $"{secret[..4]}-{secret[4..]}";

    private async Task<byte[]> KeyAsync(IQuerySession session, CancellationToken ct)
    {
        var db = session.Database.Id.ToString();
        if (_keys.TryGetValue(db, out var cached)) return cached;
        var stored = await session.LoadAsync<RatingKey>(RatingKey.DocumentId, ct);
        if (stored is null)
        {
            try
            {
                await using var writer = session.DocumentStore.LightweightSession(session.TenantId);
                writer.Insert(new RatingKey { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
                await Infrastructure.Transactions.CommitAsync(writer, ct);
            }
            catch (Exception ex) when (Infrastructure.CommandBus.IsLostRace(ex)) { }   // another node made it first
            await using var reader = session.DocumentStore.QuerySession(session.TenantId);
            stored = (await reader.LoadAsync<RatingKey>(RatingKey.DocumentId, ct))!;
        }
        return _keys[db] = Convert.FromBase64String(stored.Key);
    }
}
