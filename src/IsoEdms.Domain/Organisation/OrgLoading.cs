using System.Globalization;
namespace IsoEdms.Domain.Organisation;

/// <summary>Events to append to one stream; <see cref="ExpectedVersion"/> is the stream's version before them (0 = new stream).</summary>
public sealed record StreamAppend(Guid StreamId, long ExpectedVersion, IReadOnlyList<object> Events);

/// <summary>What loading the organisation files would append, a sentence per change (by code), and the reasons it cannot.</summary>
public sealed record OrgPlan(IReadOnlyList<StreamAppend> Appends, IReadOnlyList<Said> Lines, IReadOnlyList<string> Errors);

/// <summary>
/// Loading organisation files is idempotent: the files describe the organisation as it should be, and the plan holds only
/// the events that bring the streams there. Undated changes take effect on <c>today</c>. A person absent from the files
/// is left alone (loading one file must not unassign everybody else); write <c>until</c> to end an assignment.
/// </summary>
public static class OrgLoading
{
    public static OrgPlan Plan(OrgData desired, IReadOnlyList<RoleDefinition> knownRoles, OrgSnapshot current, IReadOnlyDictionary<Guid, long> versions, DateOnly today, string by, DateTimeOffset at)
    {
        var errors = OrgFile.Check(WithKnown(desired, knownRoles, current)).ToList();
        var appends = new List<StreamAppend>();
        var lines = new List<Said>();
        var unitCodes = desired.Units.Select(u => u.Code).Concat(current.Units.Select(u => u.Code)).ToHashSet();

        foreach (var r in desired.Roles.DistinctBy(r => r.Code))
        {
            var existing = current.Role(r.Code);
            if (existing is not null && existing.Name == r.Name && existing.Grants.SequenceEqual(r.Grants)) continue;
            var id = RoleRecord.StreamIdFor(r.Code);
            appends.Add(new StreamAppend(id, versions.GetValueOrDefault(id), [new RoleDefined(id, r.Code, r.Name, r.Grants, by, at)]));
            lines.Add((existing is null, r.Grants.Count > 0) switch
            {
                (true, true) => Say.It("org_role_defined_grants", $"role {r.Code:code}: defined, grants {r.Grants:accesses}"),
                (true, false) => Say.It("org_role_defined", $"role {r.Code:code}: defined"),
                (false, true) => Say.It("org_role_now_grants", $"role {r.Code:code}: now \"{r.Name.Vi}\", grants {r.Grants:accesses}"),
                (false, false) => Say.It("org_role_now", $"role {r.Code:code}: now \"{r.Name.Vi}\", grants nothing"),
            });
        }

        foreach (var u in desired.Units)
        {
            var id = UnitRecord.StreamIdFor(u.Code);
            var existing = current.Unit(u.Code);
            var events = new List<object>();
            if (existing is null)
            {
                events.Add(new UnitCreated(id, u.Code, u.Name, u.Level, u.Parent, u.From, by, at, u.AgencyCode));
                lines.Add(Say.It("org_unit_created", $"unit {u.Code:code}: created"));
            }
            else
            {
                if (existing.Level != u.Level || existing.Parent != u.Parent || existing.From != u.From)
                {
                    errors.Add($"unit '{u.Code}': level, parent and start date cannot change once loaded (loaded: {existing.Level}, parent {existing.Parent ?? "none"}, from {Show(existing.From)}); end it and create a new unit");
                    continue;
                }
                if (existing.AgencyCode != u.AgencyCode)
                {
                    events.Add(new UnitAgencyCodeSet(id, u.Code, u.AgencyCode, by, at));
                    lines.Add(u.AgencyCode is null
                        ? Say.It("org_unit_agency_removed", $"unit {u.Code:code}: agency code removed; its dossier codes start with {u.DossierPrefix:code} from now on")
                        : Say.It("org_unit_agency_set", $"unit {u.Code:code}: agency code set to {u.AgencyCode:code}; its dossier codes start with {u.DossierPrefix:code} from now on"));
                }
                if (existing.Name != u.Name)
                {
                    // a rename takes effect on its own date when the file gives one (rule 2), else on the day of loading
                    var from = u.RenamedOn ?? today;
                    events.Add(new UnitRenamed(id, u.Code, u.Name, from, by, at));
                    lines.Add(Say.It("org_unit_renamed", $"unit {u.Code:code}: renamed from {from:date} to \"{u.Name.Vi}\""));
                }
            }
            var endedAlready = existing?.Ended;
            if (u.Ended is { } ended && endedAlready is null)
            {
                foreach (var m in u.MergedInto.Where(m => !unitCodes.Contains(m))) errors.Add($"unit '{u.Code}': merged_into unknown unit '{m}'");
                events.Add(u.MergedInto.Count > 0 ? new UnitMerged(id, u.Code, u.MergedInto, ended, by, at) : new UnitEnded(id, u.Code, ended, by, at));
                lines.Add(u.MergedInto.Count > 0
                    ? Say.It("org_unit_merged", $"unit {u.Code:code}: merged into {u.MergedInto:code} on {ended:date}")
                    : Say.It("org_unit_ended", $"unit {u.Code:code}: ended on {ended:date}"));
            }
            else if (endedAlready is not null && u.Ended != endedAlready)
                errors.Add($"unit '{u.Code}' ended on {endedAlready:yyyy-MM-dd}; an ended unit cannot be reopened or re-dated");
            if (events.Count > 0) appends.Add(new StreamAppend(id, versions.GetValueOrDefault(id), events));
        }

        foreach (var p in desired.People)
        {
            var id = PersonRecord.StreamIdFor(p.Id);
            var existing = current.Person(p.Id);
            var events = new List<object>();
            var last = existing?.Assignments.LastOrDefault();
            if (existing is not null && existing.Name != p.Name)
            {
                events.Add(new PersonRenamed(id, p.Id, p.Name, by, at));
                lines.Add(Say.It("org_person_renamed", $"person {p.Id:code}: name is now \"{p.Name}\""));
            }

            var same = last is not null && last.Unit == p.Unit && last.Roles.Order().SequenceEqual(p.Roles.Order());
            if (same && last!.Until == p.Until) { /* unchanged */ }
            else if (same && last!.Until is null)
            {
                events.Add(new PersonUnassigned(id, p.Id, p.Unit, p.Until!.Value, by, at));
                lines.Add(Say.It("org_person_leaves", $"person {p.Id:code}: leaves {p.Unit:code} on {p.Until!.Value:date}"));
            }
            else if (same && p.Until is not null)
            {
                errors.Add($"person '{p.Id}' left {p.Unit} on {last!.Until:yyyy-MM-dd}; that date cannot change");
                continue;
            }
            else
            {
                DateOnly? from = existing is null ? p.From ?? UnitStart(desired, current, p.Unit)
                    : p.From is { } f && (last?.From is null || f > last.From) ? f : today;
                if (last is { Until: null } && last.Unit != p.Unit) events.Add(new PersonUnassigned(id, p.Id, last.Unit, from ?? today, by, at));
                events.Add(new PersonAssigned(id, p.Id, p.Name, p.Unit, p.Roles, from, by, at));
                lines.Add(from is { } d
                    ? Say.It("org_person_assigned_from", $"person {p.Id:code}: assigned to {p.Unit:code} as {p.Roles:code} from {d:date}")
                    : Say.It("org_person_assigned", $"person {p.Id:code}: assigned to {p.Unit:code} as {p.Roles:code}"));
                if (p.Until is { } until)
                {
                    events.Add(new PersonUnassigned(id, p.Id, p.Unit, until, by, at));
                    lines.Add(Say.It("org_person_leaves", $"person {p.Id:code}: leaves {p.Unit:code} on {until:date}"));
                }
            }
            // after the assignment: a new person's record starts with it
            if ((existing?.Email, existing?.Phone) != (p.Email, p.Phone))
            {
                events.Add(new PersonContactSet(id, p.Id, p.Email, p.Phone, by, at));
                lines.Add(Say.It("org_person_contact", $"person {p.Id:code}: contact is now {p.Email ?? "-":code}, {p.Phone ?? "-":code}"));
            }
            if (events.Count > 0) appends.Add(new StreamAppend(id, versions.GetValueOrDefault(id), events));
        }

        return errors.Count > 0 ? new OrgPlan([], lines, errors) : new OrgPlan(appends, lines, []);
    }

    private static DateOnly? UnitStart(OrgData desired, OrgSnapshot current, string unit) =>
        desired.Units.FirstOrDefault(u => u.Code == unit)?.From ?? current.Unit(unit)?.From;

    private static string Show(DateOnly? d) => d is { } x ? x.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "always";

    /// <summary>The files may refer to units and roles loaded earlier: check references against both.</summary>
    private static OrgData WithKnown(OrgData desired, IReadOnlyList<RoleDefinition> knownRoles, OrgSnapshot current)
    {
        var known = current.Units.Where(u => desired.Units.All(d => d.Code != u.Code))
            .Select(u => new UnitDefinition(u.Code, u.Name, u.Level, u.Parent, u.From, u.Ended, u.MergedInto, AgencyCode: u.AgencyCode)).ToList();
        var roles = desired.Roles.Concat(knownRoles.Where(k => desired.Roles.All(r => r.Code != k.Code))).ToList();
        return desired with { Units = [.. desired.Units, .. known], Roles = roles };
    }
}
