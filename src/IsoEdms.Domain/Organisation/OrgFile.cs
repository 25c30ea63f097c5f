using System.Globalization;
using System.Text.RegularExpressions;
using IsoEdms.Domain.Documents;

namespace IsoEdms.Domain.Organisation;

/// <summary>A role as the organisation names it, and what it grants in the system (rule 25: meanings are data, not role codes in the program).</summary>
public sealed record RoleDefinition(string Code, LocalizedText Name, IReadOnlyList<string>? Grants = null)
{
    public IReadOnlyList<string> Grants { get; init; } = Grants ?? [];
}

/// <summary>
/// A unit as the file says it should be; <see cref="RenamedOn"/>: the day its current name took effect (a rename's own
/// date); <see cref="AgencyCode"/>: the agency's code in the national scheme, the prefix of the dossier codes its desk gives.
/// </summary>
public sealed record UnitDefinition(string Code, LocalizedText Name, string Level, string? Parent, DateOnly? From, DateOnly? Ended, IReadOnlyList<string> MergedInto,
    DateOnly? RenamedOn = null, string? AgencyCode = null)
{
    public string DossierPrefix => DossierPrefixes.Of(Code, AgencyCode);
}

public sealed record PersonDefinition(string Id, string Name, string Unit, IReadOnlyList<string> Roles, DateOnly? From, DateOnly? Until = null,
    string? Email = null, string? Phone = null);

public sealed record OrgData(IReadOnlyList<RoleDefinition> Roles, IReadOnlyList<UnitDefinition> Units, IReadOnlyList<PersonDefinition> People)
{
    public static OrgData Merge(IEnumerable<OrgData> parts)
    {
        var list = parts.ToList();
        return new OrgData(list.SelectMany(p => p.Roles).ToList(), list.SelectMany(p => p.Units).ToList(), list.SelectMany(p => p.People).ToList());
    }
}

/// <summary>Organisation files (processes/org/*.yaml): roles, units over time, people and their roles.</summary>
public static partial class OrgFile
{
    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*$")] private static partial Regex CodePattern();
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.]{0,39}$")] private static partial Regex AgencyCodePattern();
    public static readonly string[] UnitLevels = ["ministry", "province", "department", "centre", "district", "commune", "office"];

    public static (OrgData? Data, IReadOnlyList<Diagnostic> Errors) Parse(string path, string text)
    {
        var doc = YamlDocument.Parse(path, text);
        if (doc.Root is null) return (null, doc.Errors);
        doc.CheckKeys(doc.Root, "the organisation file", "roles", "units", "people");
        var roles = new List<RoleDefinition>();
        var units = new List<UnitDefinition>();
        var people = new List<PersonDefinition>();

        if (doc.Get(doc.Root, "roles") is { } rn && doc.Sequence(rn, "roles") is { } rs)
            foreach (var n in rs.Children)
            {
                if (doc.Mapping(n, "roles item") is not { } m) continue;
                doc.CheckKeys(m, "a role", "code", "name", "grants");
                var code = Code(doc, doc.Required(m, "code", "a role"), "code");
                var name = Name(doc, doc.Required(m, "name", "a role"));
                var grants = new List<string>();
                if (doc.Get(m, "grants") is { } gn && doc.Sequence(gn, "grants") is { } gs)
                    foreach (var g in gs.Children)
                    {
                        if (doc.Text(g, "grants item") is not { } grant) continue;
                        if (!Organisation.Grants.All.Contains(grant)) doc.Error(g, $"role '{code}': unknown grant '{grant}'; the grants are {string.Join(", ", Organisation.Grants.All)}");
                        else if (grants.Contains(grant)) doc.Error(g, $"role '{code}': grant '{grant}' is listed twice");
                        else grants.Add(grant);
                    }
                if (code is not null && name is not null) roles.Add(new RoleDefinition(code, name, grants));
            }

        var agencies = new Dictionary<string, string>();   // agency code (upper case) → the unit that declared it
        if (doc.Get(doc.Root, "units") is { } un && doc.Sequence(un, "units") is { } us)
            foreach (var n in us.Children)
            {
                if (doc.Mapping(n, "units item") is not { } m) continue;
                doc.CheckKeys(m, "a unit", "code", "name", "level", "parent", "from", "ended", "merged_into", "renamed_on", "agency_code");
                var code = Code(doc, doc.Required(m, "code", "a unit"), "code");
                var name = Name(doc, doc.Required(m, "name", "a unit"));
                var levelNode = doc.Required(m, "level", "a unit");
                var level = doc.Text(levelNode, "level");
                if (level is not null && !UnitLevels.Contains(level)) { doc.Error(levelNode!, $"unknown unit level '{level}'; expected one of {string.Join(", ", UnitLevels)}"); level = null; }
                var parent = doc.Get(m, "parent") is { } pn ? Code(doc, pn, "parent") : null;
                var from = doc.Date(doc.Get(m, "from"), "from");
                var ended = doc.Date(doc.Get(m, "ended"), "ended");
                var renamedOnNode = doc.Get(m, "renamed_on");
                var renamedOn = doc.Date(renamedOnNode, "renamed_on");
                if (renamedOn is { } r && (from is { } f0 && r < f0 || ended is { } e0 && r > e0))
                    doc.Error(renamedOnNode!, $"unit '{code}': renamed_on {r:yyyy-MM-dd} lies outside the unit's life ({(from is { } f1 ? f1.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "always")} to {(ended is { } e1 ? e1.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "now")})");
                var agencyNode = doc.Get(m, "agency_code");
                var agency = doc.Text(agencyNode, "agency_code");
                if (agency is not null && !AgencyCodePattern().IsMatch(agency))
                {
                    doc.Error(agencyNode!, $"unit '{code}': agency_code '{agency}' may contain only letters, digits and '.' (at most 40), as in 000.00.31.H57");
                    agency = null;
                }
                else if (agency is not null && agencies.TryGetValue(agency.ToUpperInvariant(), out var holder))
                    doc.Error(agencyNode!, $"unit '{code}': agency_code '{agency}' is already the agency code of unit '{holder}' (dossier codes must be unique)");
                else if (agency is not null && code is not null) agencies[agency.ToUpperInvariant()] = code;
                var merged = new List<string>();
                if (doc.Get(m, "merged_into") is { } mn && doc.Sequence(mn, "merged_into") is { } ms)
                    foreach (var c in ms.Children) if (Code(doc, c, "merged_into item") is { } mc) merged.Add(mc);
                if (merged.Count > 0 && ended is null) doc.Error(m, $"unit '{code}' is merged_into other units but has no 'ended' date");
                if (code is not null && name is not null && level is not null) units.Add(new UnitDefinition(code, name, level, parent, from, ended, merged, renamedOn, agency));
            }

        if (doc.Get(doc.Root, "people") is { } pplNode && doc.Sequence(pplNode, "people") is { } ps)
            foreach (var n in ps.Children)
            {
                if (doc.Mapping(n, "people item") is not { } m) continue;
                doc.CheckKeys(m, "a person", "id", "name", "unit", "roles", "from", "until", "email", "phone");
                var id = Code(doc, doc.Required(m, "id", "a person"), "id");
                var name = doc.Text(doc.Required(m, "name", "a person"), "name");
                var unit = Code(doc, doc.Required(m, "unit", "a person"), "unit");
                var from = doc.Date(doc.Get(m, "from"), "from");
                var until = doc.Date(doc.Get(m, "until"), "until");
                if (from is not null && until is not null && until <= from) doc.Error(m, $"person '{id}': 'until' ({until:yyyy-MM-dd}) must be after 'from' ({from:yyyy-MM-dd})");
                var pr = new List<string>();
                if (doc.Sequence(doc.Required(m, "roles", "a person"), "roles") is { } rl)
                    foreach (var c in rl.Children) if (Code(doc, c, "roles item") is { } rc) pr.Add(rc);
                var emailNode = doc.Get(m, "email");
                var email = emailNode is null ? null : doc.Text(emailNode, "email");
                if (email is not null && !Notifications.Contacts.IsEmail(email))
                    doc.Error(emailNode!, $"person '{id}': 'email' must be an e-mail address like ten@donvi.gov.vn, not '{email}'");
                var phoneNode = doc.Get(m, "phone");
                var phone = phoneNode is null ? null : doc.Text(phoneNode, "phone");
                if (phone is not null && !Notifications.Contacts.IsPhone(phone))
                    doc.Error(phoneNode!, $"person '{id}': 'phone' must be a phone number of 9 to 15 digits (an optional leading +), not '{phone}'");
                if (id is not null && name is not null && unit is not null) people.Add(new PersonDefinition(id, name, unit, pr, from, until, email, phone));
            }
        return doc.Errors.Count > 0 ? (null, doc.Errors) : (new OrgData(roles, units, people), doc.Errors);
    }

    /// <summary>Cross-file checks: unique codes, parents, successors, people's units and roles exist.</summary>
    public static IReadOnlyList<string> Check(OrgData org)
    {
        var errors = new List<string>();
        var roles = org.Roles.Select(r => r.Code).ToHashSet();
        var units = org.Units.Select(u => u.Code).ToHashSet();
        foreach (var g in org.Roles.GroupBy(r => r.Code).Where(g => g.Count() > 1)) errors.Add($"role '{g.Key}' is defined {g.Count()} times");
        foreach (var g in org.Units.GroupBy(u => u.Code).Where(g => g.Count() > 1)) errors.Add($"unit '{g.Key}' is defined {g.Count()} times");
        foreach (var g in org.People.GroupBy(p => p.Id).Where(g => g.Count() > 1)) errors.Add($"person '{g.Key}' is defined {g.Count()} times");
        // rule 23: dossier codes are unique across the store, so no two units may number with the same prefix
        foreach (var g in org.Units.DistinctBy(u => u.Code).GroupBy(u => u.DossierPrefix, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add($"units {string.Join(", ", g.Select(u => $"'{u.Code}'"))} would give dossier codes with the same prefix '{g.Key}': declare a distinct agency_code for each");
        foreach (var u in org.Units)
        {
            if (u.Parent is not null && !units.Contains(u.Parent)) errors.Add($"unit '{u.Code}': unknown parent '{u.Parent}'");
            foreach (var m in u.MergedInto.Where(m => !units.Contains(m))) errors.Add($"unit '{u.Code}': merged_into unknown unit '{m}'");
        }
        foreach (var p in org.People)
        {
            if (!units.Contains(p.Unit)) errors.Add($"person '{p.Id}': unknown unit '{p.Unit}'");
            foreach (var r in p.Roles.Where(r => !roles.Contains(r))) errors.Add($"person '{p.Id}': unknown role '{r}'");
        }
        return errors;
    }

    private static string? Code(YamlDocument doc, YamlDotNet.RepresentationModel.YamlNode? node, string what)
    {
        var s = doc.Text(node, what);
        if (s is not null && !CodePattern().IsMatch(s)) { doc.Error(node!, $"'{what}' '{s}' may contain only lowercase letters, digits, '.' and '-'"); return null; }
        return s;
    }

    private static LocalizedText? Name(YamlDocument doc, YamlDotNet.RepresentationModel.YamlNode? node)
    {
        if (doc.Mapping(node, "name") is not { } m) return null;
        doc.CheckKeys(m, "'name'", "vi", "en");
        var vi = doc.Text(doc.Required(m, "vi", "'name'"), "name.vi");
        var en = doc.Text(doc.Get(m, "en"), "name.en");
        return vi is null ? null : new LocalizedText(vi, en);
    }
}
