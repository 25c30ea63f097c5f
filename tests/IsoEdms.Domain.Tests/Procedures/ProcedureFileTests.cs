using System.Globalization;
using System.Text.RegularExpressions;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Procedures;

namespace IsoEdms.Domain.Tests.Procedures;

public partial class ProcedureFileTests
{
    private static readonly string CorpusRoot = Path.Combine(RepoPaths.Root, "tests", "IsoEdms.Domain.Tests", "Corpus", "broken");

    public static TheoryData<string> BrokenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(CorpusRoot, "*.yaml", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(CorpusRoot, f));
        return data;
    }

    [GeneratedRegex(@"^# expect: (?<line>\d+): (?<message>.*)$")] private static partial Regex Expectation();

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Each_broken_file_gives_its_error_at_the_right_line(string relative)
    {
        var path = Path.Combine(CorpusRoot, relative);
        var m = Expectation().Match(File.ReadLines(path).First());
        m.Success.ShouldBeTrue($"{relative} lacks its '# expect: LINE: message' header");
        var line = int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture);
        var message = m.Groups["message"].Value;

        var set = ProcessSet.Load(RepoPaths.Processes, [path]);

        set.Procedures.ShouldBeEmpty();
        set.Errors.ShouldContain(e => e.Line == line && e.Message.Contains(message) && e.Path == path,
            $"expected {relative}:{line}: ...{message}... but got:\n{string.Join("\n", set.Errors)}");
        set.Errors.ShouldAllBe(e => e.ToString().StartsWith(e.Path + ":"));
    }

    [Fact]
    public void The_corpus_has_at_least_30_broken_files() => Directory.GetFiles(CorpusRoot, "*.yaml", SearchOption.AllDirectories).Length.ShouldBeGreaterThanOrEqualTo(30);

    [Fact]
    public void The_shipped_processes_are_valid()
    {
        var set = ProcessSet.Load(RepoPaths.Processes);
        set.Errors.ShouldBeEmpty(string.Join("\n", set.Errors));
        set.Procedures.Count.ShouldBeGreaterThanOrEqualTo(8);
        set.Calendars.Select(c => c.Value.Year).Order().ShouldBe([2025, 2026, 2027]);
        set.Calendars.Single(c => c.Value.Year == 2027).Value.Provisional.ShouldBeTrue();
        foreach (var p in set.Procedures)
        {
            p.Value.Title.En.ShouldNotBeNullOrWhiteSpace();
            p.Value.Title.Vi.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Every_role_of_every_shipped_step_is_held_by_someone()
    {
        var set = ProcessSet.Load(RepoPaths.Processes);
        var held = set.Org.People.SelectMany(p => p.Roles).ToHashSet();
        foreach (var step in set.Procedures.SelectMany(p => p.Value.Steps))
            held.ShouldContain(step.Role);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_in_one_pass()
    {
        var path = Path.Combine(Path.GetTempPath(), $"isoedms-{Guid.NewGuid():N}", "procedures", "multi.errors", "v1.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, """
            procedure: multi.errors
            version: 1
            title: { vi: "Nhiều lỗi" }
            level: galaxy
            legal_basis: []
            effective_from: 2026-13-01
            calendar: vn-gov
            time_limit: { working_days: 1 }
            steps:
              - { id: a, role: wizard, unit: receiving, budget_hours: 8, next: b }
              - { id: b, role: clerk, unit: receiving, budget_hours: 0, end: true }
            """);
        var set = ProcessSet.Load(RepoPaths.Processes, [path]);
        set.Errors.Select(e => e.Line).Order().ShouldBe([4, 6, 10]);
    }

    [Fact]
    public void Working_days_are_as_long_as_the_calendar_makes_them_and_budgets_for_another_day_length_are_refused_at_the_time_limit()
    {
        var refs = ProcessSet.Load(RepoPaths.Processes);
        var file = refs.Procedures.First(p => p.Value.Code == "chung-thuc.hop-dong-dat");   // 2 working days, budgets adding up to 16 h
        var text = File.ReadAllText(file.Path);
        ReferenceData On(double hours) =>
            new(new Dictionary<string, TimeSpan> { ["vn-gov"] = TimeSpan.FromHours(hours) }, refs.Org.Roles.Select(r => r.Code).ToHashSet(), refs.Org.Units.Select(u => u.Code).ToHashSet());

        ProcedureFile.Parse(file.Path, text, On(8)).Errors.ShouldBeEmpty();
        var (_, errors) = ProcedureFile.Parse(file.Path, text, On(7.5));
        var error = errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(text.Split('\n').ToList().FindIndex(l => l.StartsWith("time_limit:", StringComparison.Ordinal)) + 1);   // the time_limit line
        error.Message.ShouldContain("add up to 16 h, but the time limit 2 working days is 15 h on a calendar whose working day is 7.5 h");
    }

    [Fact]
    public void Canonical_hash_ignores_comments_and_formatting()
    {
        var refs = ProcessSet.Load(RepoPaths.Processes);
        var file = refs.Procedures.First(p => p.Value.Code == "chung-thuc.ban-sao");
        var text = File.ReadAllText(file.Path);
        var (reformatted, errors) = ProcedureFile.Parse(file.Path, "# a comment\n" + text.Replace("budget_hours: 1\n", "budget_hours:   1.0   # one hour\n"),
            new ReferenceData(new Dictionary<string, TimeSpan> { ["vn-gov"] = TimeSpan.FromHours(8) }, refs.Org.Roles.Select(r => r.Code).ToHashSet(), refs.Org.Units.Select(u => u.Code).ToHashSet()));
        errors.ShouldBeEmpty();
        Canonical.Sha256(reformatted!).ShouldBe(Canonical.Sha256(file.Value));
    }
}
