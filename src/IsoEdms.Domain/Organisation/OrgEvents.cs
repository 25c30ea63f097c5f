
namespace IsoEdms.Domain.Organisation;

// The organisation over time (docs/rules.md, rule 2): one stream per unit and one per person.

/// <summary>A role was defined, renamed or given other grants (rule 25); the whole definition as it is from now on.</summary>
public sealed record RoleDefined(Guid RoleId, string Code, LocalizedText Name, IReadOnlyList<string> Grants, string By, DateTimeOffset At);

public sealed record UnitCreated(Guid UnitId, string Code, LocalizedText Name, string Level, string? Parent, DateOnly? From, string By, DateTimeOffset At,
    string? AgencyCode = null);

/// <summary>The unit's agency code (the prefix of the dossier codes its desk gives from now on) was declared or changed; null: none.</summary>
public sealed record UnitAgencyCodeSet(Guid UnitId, string Code, string? AgencyCode, string By, DateTimeOffset At);

public sealed record UnitRenamed(Guid UnitId, string Code, LocalizedText Name, DateOnly From, string By, DateTimeOffset At);

/// <summary>The unit ended on <see cref="On"/> and its work went to <see cref="Into"/> (several units may merge into one, or one split into several).</summary>
public sealed record UnitMerged(Guid UnitId, string Code, IReadOnlyList<string> Into, DateOnly On, string By, DateTimeOffset At);

public sealed record UnitEnded(Guid UnitId, string Code, DateOnly On, string By, DateTimeOffset At);

/// <summary>From <see cref="From"/> the person works in <see cref="Unit"/> with these roles; any earlier assignment ends that day.</summary>
public sealed record PersonAssigned(Guid PersonId, string Person, string Name, string Unit, IReadOnlyList<string> Roles, DateOnly? From, string By, DateTimeOffset At);

public sealed record PersonUnassigned(Guid PersonId, string Person, string Unit, DateOnly On, string By, DateTimeOffset At);

public sealed record PersonRenamed(Guid PersonId, string Person, string Name, string By, DateTimeOffset At);

/// <summary>The person's work e-mail and phone for notifications (either may be null: none); the whole contact as it is from now on.</summary>
public sealed record PersonContactSet(Guid PersonId, string Person, string? Email, string? Phone, string By, DateTimeOffset At);

/// <summary>
/// Stores made before passwords left the event store recorded a change with its hash (ASP.NET Core Identity's salted
/// one-way hash, never the password). Kept so those streams still read; nothing appends it any more.
/// </summary>
public sealed record PasswordSet(Guid PersonId, string Person, string Hash, string By, DateTimeOffset At);

/// <summary>The person's sign-in password changed: who changed it and when. The hash lives in a replaceable document, never in an event.</summary>
public sealed record PasswordChanged(Guid PersonId, string Person, string By, DateTimeOffset At);
