using IsoEdms.Domain.Documents;

namespace IsoEdms.Domain.Organisation;

public sealed record UnitName(DateOnly? From, LocalizedText Name);

/// <summary>
/// What a role may grant (rule 25). A role grants none or several; the program asks for grants, never for role codes.
/// </summary>
public static class Grants
{
    /// <summary>The one-stop desk (bộ phận một cửa): receives dossiers and may act on the cases it received.</summary>
    public const string OneStopDesk = "one_stop_desk";

    /// <summary>The head of a unit: assigns its work, approves apologies, may take over its steps.</summary>
    public const string UnitHead = "unit_head";

    public const string QualityOfficer = "quality_officer";
    public const string Auditor = "auditor";
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All = [OneStopDesk, UnitHead, QualityOfficer, Auditor, Administrator];

    /// <summary>Grants of oversight, not of case work: a person whose roles grant only these is not staff.</summary>
    public static readonly IReadOnlySet<string> Oversight = new HashSet<string> { QualityOfficer, Auditor, Administrator };
}

/// <summary>A role as loaded from the organisation files, folded from its stream.</summary>
public sealed class RoleRecord
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public LocalizedText Name { get; set; } = new("", null);
    public List<string> Grants { get; set; } = [];

    public static Guid StreamIdFor(string code) => Canonical.StreamId("role", code);

    public static RoleRecord Create(RoleDefined e) => new() { Id = e.RoleId, Code = e.Code, Name = e.Name, Grants = [.. e.Grants] };

    public void Apply(RoleDefined e) { Name = e.Name; Grants = [.. e.Grants]; }
}

/// <summary>Rule 23: a unit's dossier codes start with its declared agency code, or else with its own code in capitals (unique too).</summary>
public static class DossierPrefixes
{
    public static string Of(string unitCode, string? agencyCode) => agencyCode ?? unitCode.ToUpperInvariant();
}

/// <summary>A unit over time, folded from its stream. Null dates mean "since before the system" / "still exists".</summary>
public sealed class UnitRecord
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Level { get; set; } = "";
    public string? Parent { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? Ended { get; set; }
    public List<string> MergedInto { get; set; } = [];
    public List<UnitName> Names { get; set; } = [];

    /// <summary>The agency's code in the national scheme, declared in the organisation file; null when none was declared.</summary>
    public string? AgencyCode { get; set; }

    /// <summary>The prefix of the dossier codes the unit's desk gives (rule 23).</summary>
    public string DossierPrefix => DossierPrefixes.Of(Code, AgencyCode);

    public static Guid StreamIdFor(string code) => Canonical.StreamId("unit", code);

    public static UnitRecord Create(UnitCreated e) => new()
    {
        Id = e.UnitId, Code = e.Code, Level = e.Level, Parent = e.Parent, From = e.From, Names = [new UnitName(e.From, e.Name)], AgencyCode = e.AgencyCode,
    };

    public void Apply(UnitAgencyCodeSet e) => AgencyCode = e.AgencyCode;

    public void Apply(UnitRenamed e) => Names.Add(new UnitName(e.From, e.Name));
    public void Apply(UnitMerged e) { Ended = e.On; MergedInto = [.. e.Into]; }
    public void Apply(UnitEnded e) => Ended = e.On;

    public LocalizedText Name => Names[^1].Name;

    /// <summary>The name the unit had on a date: history stays attributed to the unit as it was then.</summary>
    public LocalizedText NameOn(DateOnly date) =>
        Names.LastOrDefault(n => n.From is null || n.From <= date)?.Name ?? Names[0].Name;

    public bool ExistsOn(DateOnly date) => (From is null || From <= date) && (Ended is null || date < Ended);
}

public sealed record Assignment(string Unit, IReadOnlyList<string> Roles, DateOnly? From, DateOnly? Until)
{
    public bool CoversDate(DateOnly date) => (From is null || From <= date) && (Until is null || date < Until);
}

/// <summary>A person and their assignments over time, folded from their stream.</summary>
public sealed class PersonRecord
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Where notifications reach the person besides the app (null: nowhere).</summary>
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public List<Assignment> Assignments { get; set; } = [];

    public static Guid StreamIdFor(string code) => Canonical.StreamId("person", code);

    public static PersonRecord Create(PersonAssigned e)
    {
        var p = new PersonRecord { Id = e.PersonId, Code = e.Person, Name = e.Name };
        p.Apply(e);
        return p;
    }

    public void Apply(PersonAssigned e)
    {
        Name = e.Name;
        if (Assignments.Count > 0 && Assignments[^1].Until is null)
            Assignments[^1] = Assignments[^1] with { Until = e.From ?? Assignments[^1].From };
        Assignments.Add(new Assignment(e.Unit, [.. e.Roles], e.From, null));
    }

    public void Apply(PersonUnassigned e)
    {
        for (var i = 0; i < Assignments.Count; i++)
            if (Assignments[i].Unit == e.Unit && Assignments[i].Until is null) Assignments[i] = Assignments[i] with { Until = e.On };
    }

    public void Apply(PersonRenamed e) => Name = e.Name;

    public void Apply(PersonContactSet e) => (Email, Phone) = (e.Email, e.Phone);

    public Assignment? AssignmentOn(DateOnly date) => Assignments.LastOrDefault(a => a.CoversDate(date));

    public Assignment? Current => Assignments.LastOrDefault(a => a.Until is null);

    public bool HoldsRole(string unit, string role, DateOnly date) =>
        Assignments.Any(a => a.Unit == unit && a.CoversDate(date) && a.Roles.Contains(role));

    public bool WorksIn(string unit, DateOnly date) => Assignments.Any(a => a.Unit == unit && a.CoversDate(date));
}

/// <summary>What decisions need to know about the organisation: units and people by code.</summary>
public sealed class OrgSnapshot(IEnumerable<UnitRecord> units, IEnumerable<PersonRecord> people, IEnumerable<RoleRecord>? roles = null)
{
    private readonly Dictionary<string, UnitRecord> _units = units.ToDictionary(u => u.Code);
    private readonly Dictionary<string, PersonRecord> _people = people.ToDictionary(p => p.Code);
    private readonly Dictionary<string, RoleRecord> _roles = (roles ?? []).ToDictionary(r => r.Code);

    public RoleRecord? Role(string code) => _roles.GetValueOrDefault(code);
    public IEnumerable<RoleRecord> Roles => _roles.Values;

    /// <summary>Whether the role grants <paramref name="grant"/> (a role never loaded grants nothing).</summary>
    public bool RoleGrants(string role, string grant) => _roles.TryGetValue(role, out var r) && r.Grants.Contains(grant);

    /// <summary>Whether the person holds, in <paramref name="unit"/> on <paramref name="date"/>, a role that grants <paramref name="grant"/>.</summary>
    public bool HoldsGrant(PersonRecord? person, string unit, string grant, DateOnly date) =>
        person is not null && person.Assignments.Any(a => a.Unit == unit && a.CoversDate(date) && a.Roles.Any(r => RoleGrants(r, grant)));

    /// <summary>Whether the person holds, in any unit on <paramref name="date"/>, a role that grants <paramref name="grant"/>.</summary>
    public bool HoldsGrantAnywhere(PersonRecord? person, string grant, DateOnly date) =>
        person is not null && person.Assignments.Any(a => a.CoversDate(date) && a.Roles.Any(r => RoleGrants(r, grant)));

    public UnitRecord? Unit(string code) => _units.GetValueOrDefault(code);
    public PersonRecord? Person(string code) => _people.GetValueOrDefault(code);
    public IEnumerable<UnitRecord> Units => _units.Values;
    public IEnumerable<PersonRecord> People => _people.Values;
}
