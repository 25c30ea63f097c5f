using IsoEdms.Domain.Organisation;
using Microsoft.AspNetCore.Identity;

namespace IsoEdms.Access;

/// <summary>
/// A person's current password hash and sign-in failures: a document, replaced when the password changes and deletable,
/// never an event (the person's stream records only that the password changed, by whom and when: <see cref="PasswordChanged"/>).
/// Never served by any endpoint. Stores made before this kept the hash in <c>password_set</c> events; their documents
/// (then an inline projection of those events, with the same id and fields) are read as they are.
/// </summary>
public sealed class Credential
{
    public Guid Id { get; set; }
    public string Person { get; set; } = "";
    public string Hash { get; set; } = "";
    public DateTimeOffset SetAt { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>What a sign-in attempt found: the person, or why not (a lockout has its end).</summary>
public sealed record SignInCheck(PersonRecord? Person, DateTimeOffset? LockedUntil = null);

/// <summary>Passwords are hashed and checked with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted).</summary>
public static class Passwords
{
    /// <summary>Documented in the README as demo-only: every person of the demo organisation signs in with it.</summary>
    public const string Demo = "demo-isoedms";
    public const int MinimumLength = 8;

    private static readonly PasswordHasher<string> Hasher = new();

    public static string Hash(string person, string password) => Hasher.HashPassword(person, password);

    /// <summary>Failed sign-ins in a row that lock a person's sign-in, and for how long.</summary>
    public const int MaxFailures = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Checks a password. Every attempt is logged (person, client address, outcome, never the password); after
    /// <see cref="MaxFailures"/> failures in a row the person's sign-in is locked for <see cref="Lockout"/>, even with the
    /// right password; a success clears the count. The count is written in its own transaction, so a failed attempt counts.
    /// </summary>
    public static async Task<SignInCheck> CheckAsync(IQuerySession session, string? person, string? password, DateTimeOffset now, string? address,
        ILogger log, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(person) || string.IsNullOrEmpty(password) || person.Length > 100 || password.Length > 200) return new(null);
        var id = PersonRecord.StreamIdFor(person.Trim());
        var credential = await session.LoadAsync<Credential>(id, ct);
        if (credential is null)
        {
            log.LogWarning("sign-in failed for unknown person {Person} from {Address}", person.Trim(), address);
            return new(null);
        }
        if (credential.LockedUntil is { } until && until > now)
        {
            log.LogWarning("sign-in refused for {Person} from {Address}: locked until {Until:O}", credential.Person, address, until);
            return new(null, until);
        }
        var ok = Hasher.VerifyHashedPassword(credential.Person, credential.Hash, password) != PasswordVerificationResult.Failed;
        if (ok && credential.FailedAttempts == 0 && credential.LockedUntil is null)
        {
            log.LogInformation("sign-in of {Person} from {Address}", credential.Person, address);
            return new(await session.LoadAsync<PersonRecord>(id, ct));
        }
        credential.FailedAttempts = ok ? 0 : credential.FailedAttempts + 1;
        credential.LockedUntil = !ok && credential.FailedAttempts >= MaxFailures ? now + Lockout : null;
        if (!ok && credential.LockedUntil is not null) credential.FailedAttempts = 0;   // a new count starts after the lockout
        await using (var writer = session.DocumentStore.LightweightSession(session.TenantId))
        {
            writer.Store(credential);
            await Infrastructure.Transactions.CommitAsync(writer, ct);
        }
        if (!ok)
        {
            log.LogWarning("sign-in failed for {Person} from {Address}{Locked}", credential.Person, address,
                credential.LockedUntil is { } locked ? $"; locked until {locked:O}" : "");
            return new(null, credential.LockedUntil);
        }
        log.LogInformation("sign-in of {Person} from {Address}", credential.Person, address);
        return new(await session.LoadAsync<PersonRecord>(id, ct));
    }

    /// <summary>Records a new password for <paramref name="person"/>; the error names what is wrong.</summary>
    public static async Task<string?> SetAsync(IDocumentSession session, string person, string password, string by, DateTimeOffset at, CancellationToken ct)
    {
        if (password.Length < MinimumLength) return $"the password must have at least {MinimumLength} characters";
        if (await session.LoadAsync<PersonRecord>(PersonRecord.StreamIdFor(person), ct) is not { } p) return $"'{person}' is not a person of the organisation";
        session.Store(new Credential { Id = p.Id, Person = p.Code, Hash = Hash(p.Code, password), SetAt = at });
        session.Events.Append(p.Id, new PasswordChanged(p.Id, p.Code, by, at));
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
            session.Store(new Credential { Id = p.Id, Person = p.Code, Hash = hash, SetAt = at });
            session.Events.Append(p.Id, new PasswordChanged(p.Id, p.Code, by, at));
            count++;
        }
        return count;
    }
}
