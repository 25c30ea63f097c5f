using System.Globalization;
using System.Text.RegularExpressions;

namespace IsoEdms.Domain.Documents;

public sealed record SourceFile<T>(string Path, T Value);

/// <summary>
/// The controlled documents under a processes/ folder, read and checked as one set: calendars and organisation
/// first (they are what procedures are checked against), then procedures. Paths in messages are as given.
/// </summary>
public sealed partial class ProcessSet
{
    public List<SourceFile<CalendarYear>> Calendars { get; } = [];
    public List<SourceFile<ProcedureDefinition>> Procedures { get; } = [];
    /// <summary>The approval blocks of the procedure files that have one, by path (rule 30).</summary>
    public Dictionary<string, DocumentApproval> Approvals { get; } = [];
    public List<SourceFile<Satisfaction.SurveyTemplate>> Surveys { get; } = [];
    public OrgData Org { get; private set; } = new([], [], []);
    public List<Diagnostic> Errors { get; } = [];

    [GeneratedRegex(@"(?:^|/)calendars/(?<id>[^/]+)/(?<year>\d{4})\.ya?ml$")] private static partial Regex CalendarPath();

    /// <summary>
    /// Reads calendars and organisation from <paramref name="root"/> (the processes/ folder) and checks the procedure
    /// and calendar files found under <paramref name="paths"/> (files or folders; default: the root).
    /// </summary>
    public static ProcessSet Load(string root, IReadOnlyList<string>? paths = null)
    {
        var set = new ProcessSet();
        var targets = paths is { Count: > 0 } ? paths : [root];
        var files = new List<string>();
        foreach (var p in targets)
        {
            if (File.Exists(p)) files.Add(p);
            else if (Directory.Exists(p))
                files.AddRange(Directory.EnumerateFiles(p, "*.*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            else set.Errors.Add(new Diagnostic(p, 0, 0, "no such file or folder"));
        }
        files = files.Distinct().ToList();
        bool IsCalendar(string f) => Norm(f).Contains("/calendars/") || Norm(f).StartsWith("calendars/", StringComparison.Ordinal);
        bool IsOrg(string f) => Norm(f).Contains("/org/") || Norm(f).StartsWith("org/", StringComparison.Ordinal);
        bool IsSurvey(string f) => Norm(f).Contains("/surveys/") || Norm(f).StartsWith("surveys/", StringComparison.Ordinal);

        // reference data: the root's calendars and organisation, plus any calendar/org files given explicitly
        List<string> rootCalendars = Directory.Exists(Path.Combine(root, "calendars"))
            ? Directory.EnumerateFiles(Path.Combine(root, "calendars"), "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];
        List<string> rootOrg = Directory.Exists(Path.Combine(root, "org"))
            ? Directory.EnumerateFiles(Path.Combine(root, "org"), "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];
        var calendarFiles = rootCalendars.Concat(files.Where(IsCalendar)).Select(Path.GetFullPath).Distinct().ToList();
        var orgFiles = rootOrg.Concat(files.Where(IsOrg)).Select(Path.GetFullPath).Distinct().ToList();
        var display = files.ToDictionary(Path.GetFullPath, f => f);
        string Show(string full) => display.TryGetValue(full, out var d) ? d : Path.GetRelativePath(Directory.GetCurrentDirectory(), full);

        // a year given explicitly (a revision prepared outside the root) stands for the root's file of that year
        var byYear = new Dictionary<(string Calendar, int Year), SourceFile<CalendarYear>>();
        foreach (var f in calendarFiles)
        {
            var shown = Show(f);
            var (year, errors) = CalendarFile.Parse(shown, File.ReadAllText(f));
            set.Errors.AddRange(errors);
            if (year is null) continue;
            var m = CalendarPath().Match(Norm(f));
            if (!m.Success || m.Groups["id"].Value != year.Calendar || m.Groups["year"].Value != year.Year.ToString(CultureInfo.InvariantCulture))
            { set.Errors.Add(new Diagnostic(shown, 1, 1, $"a calendar file must be at calendars/{year.Calendar}/{year.Year}.yaml")); continue; }
            byYear[(year.Calendar, year.Year)] = new SourceFile<CalendarYear>(shown, year);
        }
        set.Calendars.AddRange(byYear.Values);
        foreach (var g in set.Calendars.GroupBy(c => c.Value.Calendar))
        {
            var years = g.Select(c => c.Value.Year).Order().ToList();
            for (var i = 1; i < years.Count; i++)
                if (years[i] != years[i - 1] + 1)
                    set.Errors.Add(new Diagnostic(g.First(c => c.Value.Year == years[i]).Path, 1, 1, $"calendar '{g.Key}' has no year {years[i - 1] + 1}: years must follow each other"));
        }

        var orgParts = new List<OrgData>();
        foreach (var f in orgFiles)
        {
            var (org, errors) = OrgFile.Parse(Show(f), File.ReadAllText(f));
            set.Errors.AddRange(errors);
            if (org is not null) orgParts.Add(org);
        }
        set.Org = OrgData.Merge(orgParts);
        foreach (var e in OrgFile.Check(set.Org)) set.Errors.Add(new Diagnostic(orgFiles.Count > 0 ? Show(orgFiles[0]) : "org", 1, 1, e));

        var refs = new ReferenceData(
            set.Calendars.GroupBy(c => c.Value.Calendar).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Value.Year).Last().Value.WorkingDayLength),
            set.Org.Roles.Select(r => r.Code).ToHashSet(),
            set.Org.Units.Select(u => u.Code).ToHashSet());
        foreach (var f in files.Where(IsSurvey))
        {
            var (survey, errors) = Satisfaction.SurveyFile.Parse(f, File.ReadAllText(f));
            set.Errors.AddRange(errors);
            if (survey is not null) set.Surveys.Add(new SourceFile<Satisfaction.SurveyTemplate>(f, survey));
        }
        foreach (var f in files.Where(f => !IsCalendar(f) && !IsOrg(f) && !IsSurvey(f)))
        {
            var (def, approval, errors) = ProcedureFile.ParseWithApproval(f, File.ReadAllText(f), refs);
            set.Errors.AddRange(errors);
            if (def is not null) set.Procedures.Add(new SourceFile<ProcedureDefinition>(f, def));
            if (def is not null && approval is not null) set.Approvals[f] = approval;
        }
        foreach (var g in set.Procedures.GroupBy(p => (p.Value.Code, p.Value.Version)).Where(g => g.Count() > 1))
            foreach (var dup in g.Skip(1))
                set.Errors.Add(new Diagnostic(dup.Path, 1, 1, $"{g.Key.Code} v{g.Key.Version} is also defined in {g.First().Path}"));
        return set;
    }

    private static string Norm(string p) => p.Replace('\\', '/');
}
