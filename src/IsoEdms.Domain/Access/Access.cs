
namespace IsoEdms.Domain.Access;

/// <summary>
/// What the application lets a person do. Derived from the organisation on the day, never stored: a person moved to
/// another unit or whose assignment ended loses the old unit's rights at once.
/// </summary>
public enum AccessRole { Staff, UnitHead, QualityOfficer, Auditor, Administrator }

/// <summary>The signed-in person as the permission checks see them: roles and the units they hold them in.</summary>
public sealed record Principal(string Person, string Name, IReadOnlySet<AccessRole> Roles, IReadOnlySet<string> Units, IReadOnlySet<string> HeadOf)
{
    /// <summary>The person's rights today, from what their roles grant in the organisation (rule 25).</summary>
    public static Principal For(PersonRecord person, DateOnly today, OrgSnapshot org)
    {
        var current = person.Assignments.Where(a => a.CoversDate(today)).ToList();
        var roles = new HashSet<AccessRole>();
        var units = new HashSet<string>();
        var headOf = new HashSet<string>();
        foreach (var a in current)
        {
            units.Add(a.Unit);
            bool Grants(string grant) => a.Roles.Any(r => org.RoleGrants(r, grant));
            // a role that grants nothing but oversight is not case work: holding only such roles does not make a person staff
            if (a.Roles.Any(r => org.Role(r) is not { Grants: var g } || g.Count == 0 || g.Any(x => !Organisation.Grants.Oversight.Contains(x)))) roles.Add(AccessRole.Staff);
            if (Grants(Organisation.Grants.UnitHead)) { roles.Add(AccessRole.UnitHead); headOf.Add(a.Unit); }
            if (Grants(Organisation.Grants.QualityOfficer)) roles.Add(AccessRole.QualityOfficer);
            if (Grants(Organisation.Grants.Auditor)) roles.Add(AccessRole.Auditor);
            if (Grants(Organisation.Grants.Administrator)) roles.Add(AccessRole.Administrator);
        }
        return new Principal(person.Code, person.Name, roles, units, headOf);
    }

    public bool Has(AccessRole role) => Roles.Contains(role);
    public bool HasAny(params AccessRole[] roles) => roles.Any(Roles.Contains);

    /// <summary>Quality officers, auditors and administrators see every unit; everyone else sees the units they work in.</summary>
    public bool SeesAllUnits => HasAny(AccessRole.QualityOfficer, AccessRole.Auditor, AccessRole.Administrator);

    public bool MayRead(string unit) => SeesAllUnits || Units.Contains(unit);

    /// <summary>A case is visible to whoever sees one of the units it passed through.</summary>
    public bool MayReadCase(IEnumerable<string> caseUnits) => SeesAllUnits || caseUnits.Any(Units.Contains);

    /// <summary>A person's own queue, or a queue of someone in a unit the reader heads, or anyone's for the oversight roles.</summary>
    public bool MayReadQueueOf(PersonRecord other, DateOnly today) =>
        other.Code == Person || SeesAllUnits || HeadOf.Any(u => other.WorksIn(u, today));

    /// <summary>Receiving, completing and the other case commands: staff, in a unit they work in (the decider checks the step's role).</summary>
    public bool MayWorkIn(string unit) => Has(AccessRole.Staff) && Units.Contains(unit);
}
