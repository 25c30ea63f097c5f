using IsoEdms.Domain.Organisation;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Identity;

namespace IsoEdms.Access;

/// <summary>The current password hash of a person (inline projection of <see cref="PasswordSet"/> on the person stream). Never served by any endpoint.</summary>
public sealed class Credential
{
    public Guid Id { get; set; }
    public string Person { get; set; } = "";
    public string Hash { get; set; } = "";
    public DateTimeOffset SetAt { get; set; }
}

public partial class CredentialProjection : SingleStreamProjection<Credential, Guid>
{
    public static Credential Create(PasswordSet e) => new() { Id = e.PersonId, Person = e.Person, Hash = e.Hash, SetAt = e.At };
    public void Apply(PasswordSet e, Credential c) { c.Hash = e.Hash; c.SetAt = e.At; }
}

/// <summary>Passwords are hashed and checked with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted).</summary>
public static class Passwords
{
    /// <summary>Documented in the README as demo-only: every person of the demo organisation signs in with it.</summary>
    public const string Demo = "demo-isoedms";
    public const int MinimumLength = 8;

    private static readonly PasswordHasher<string> Hasher = new();

    public static string Hash(string person, string password) => Hasher.HashPassword(person, password);

    public static async Task<PersonRecord?> CheckAsync(IQuerySession session, string? person, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(person) || string.IsNullOrEmpty(password) || person.Length > 100 || password.Length > 200) return null;
        var id = PersonRecord.StreamIdFor(person.Trim());
        var credential = await session.LoadAsync<Credential>(id, ct);
        if (credential is null) return null;
        if (Hasher.VerifyHashedPassword(credential.Person, credential.Hash, password) == PasswordVerificationResult.Failed) return null;
        return await session.LoadAsync<PersonRecord>(id, ct);
    }

    /// <summary>Records a new password for <paramref name="person"/>; the error names what is wrong.</summary>
    public static async Task<string?> SetAsync(IDocumentSession session, string person, string password, string by, DateTimeOffset at, CancellationToken ct)
    {
        if (password.Length < MinimumLength) return $"the password must have at least {MinimumLength} characters";
        if (await session.LoadAsync<PersonRecord>(PersonRecord.StreamIdFor(person), ct) is not { } p) return $"'{person}' is not a person of the organisation";
        session.Events.Append(p.Id, new PasswordSet(p.Id, p.Code, Hash(p.Code, password), by, at));
        return null;
    }

    /// <summary>
    /// Gives every person without a password the demo password. One hash is computed and shared (hashing is deliberately
    /// slow, about 0.1 s each): acceptable for demo data only, never for real accounts.
    /// </summary>
    public static async Task<int> SetDemoAsync(IDocumentSession session, string by, DateTimeOffset at, CancellationToken ct)
    {
        var people = await session.Query<PersonRecord>().ToListAsync(ct);
        var have = (await session.Query<Credential>().Select(c => c.Person).ToListAsync(ct)).ToHashSet();
        var hash = Hash("", Demo);
        var count = 0;
        foreach (var p in people.Where(p => !have.Contains(p.Code)))
        {
            session.Events.Append(p.Id, new PasswordSet(p.Id, p.Code, hash, by, at));
            count++;
        }
        return count;
    }
}
