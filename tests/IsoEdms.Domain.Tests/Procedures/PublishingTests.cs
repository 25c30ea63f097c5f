using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Procedures;

namespace IsoEdms.Domain.Tests.Procedures;

public class PublishingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static ProcedureDefinition Def(int version = 1, decimal reviewBudget = 2) =>
        ProcessSet.Load(RepoPaths.Processes).Procedures.Single(p => p.Value.Code == "chung-thuc.ban-sao").Value is var d
            ? d with { Version = version, Steps = d.Steps.Select(s => s.Id == "review" ? s with { BudgetHours = reviewBudget } : s).ToList() }
            : throw new InvalidOperationException();

    private static ProcedureHistory Given(params object[] events) => ProcedureHistory.Fold("chung-thuc.ban-sao", events);

    [Fact]
    public void Given_nothing_When_publishing_v1_Then_one_event_with_the_whole_definition_and_its_hash()
    {
        var decision = ProcedurePublishing.Publish(Given(), Def(), "p.yaml", "ho-thi-xuan", Now);
        var e = decision.ShouldBeOfType<Decision.Append>().Events.ShouldHaveSingleItem().ShouldBeOfType<ProcedureVersionPublished>();
        e.Version.ShouldBe(1);
        Canonical.ToJson(e.Definition).ShouldBe(Canonical.ToJson(Def()));
        e.ContentHash.ShouldBe(Canonical.Sha256(Def()));
        e.ContentHash.Length.ShouldBe(64);
        e.By.ShouldBe("ho-thi-xuan");
        e.At.ShouldBe(Now);
        e.ProcedureId.ShouldBe(ProcedureHistory.StreamIdFor("chung-thuc.ban-sao"));
    }

    [Fact]
    public void Given_v1_published_When_publishing_the_same_content_Then_nothing_changes()
    {
        var first = (ProcedureVersionPublished)((Decision.Append)ProcedurePublishing.Publish(Given(), Def(), "p", "a", Now)).Events[0];
        ProcedurePublishing.Publish(Given(first), Def(), "p", "b", Now.AddDays(1)).ShouldBeOfType<Decision.NoChange>();
    }

    [Fact]
    public void Given_v1_published_When_publishing_changed_content_as_v1_Then_refused_with_advice_to_add_v2()
    {
        var first = (ProcedureVersionPublished)((Decision.Append)ProcedurePublishing.Publish(Given(), Def(), "p", "a", Now)).Events[0];
        var refused = ProcedurePublishing.Publish(Given(first), Def(reviewBudget: 2.5m), "p", "a", Now).ShouldBeOfType<Decision.Refused>();
        refused.Reason.ShouldContain("v2.yaml");
    }

    [Fact]
    public void Given_v2_published_When_publishing_v1_Then_refused_because_versions_only_go_up()
    {
        var v2 = (ProcedureVersionPublished)((Decision.Append)ProcedurePublishing.Publish(Given(), Def(2), "p", "a", Now)).Events[0];
        ProcedurePublishing.Publish(Given(v2), Def(1), "p", "a", Now).ShouldBeOfType<Decision.Refused>().Reason.ShouldContain("only go up");
    }

    [Fact]
    public void Retire_then_current_version_skips_it()
    {
        var v1 = (ProcedureVersionPublished)((Decision.Append)ProcedurePublishing.Publish(Given(), Def(1), "p", "a", Now)).Events[0];
        var v2 = (ProcedureVersionPublished)((Decision.Append)ProcedurePublishing.Publish(Given(v1), Def(2, 2.5m), "p", "a", Now)).Events[0];
        var retired = ProcedurePublishing.Retire(Given(v1, v2), 2, "sai thời hạn", "q", Now).ShouldBeOfType<Decision.Append>().Events[0];
        Given(v1, v2).CurrentOn(new DateOnly(2026, 3, 2))!.Version.ShouldBe(2);
        Given(v1, v2, retired).CurrentOn(new DateOnly(2026, 3, 2))!.Version.ShouldBe(1);
        ProcedurePublishing.Retire(Given(v1, v2, retired), 2, "again", "q", Now).ShouldBeOfType<Decision.NoChange>();
        ProcedurePublishing.Retire(Given(v1), 7, "none", "q", Now).ShouldBeOfType<Decision.Refused>();
    }

    [Fact]
    public void Diff_names_changed_budgets_and_added_steps()
    {
        var a = Def(1);
        var b = Def(2, 1.5m) with { Steps = [.. Def(2, 1.5m).Steps.Take(4), new ProcedureStep("archive", null, "clerk", "receiving", 0.5m, "hand-back", null, false, false), Def().Steps[4]] };
        var lines = ProcedureDiff.Compare(a, b).Select(l => l.ToString()).ToList();
        lines.ShouldContain("~ step review.budget_hours: 2 h → 1.5 h");
        lines.ShouldContain(l => l.StartsWith("+ step archive: clerk @ receiving, 0.5 h"));
        ProcedureDiff.Compare(a, a).ShouldBeEmpty();
    }

    [Fact]
    public void Calendar_years_publish_once_revise_with_a_higher_revision_and_never_leave_gaps()
    {
        var set = ProcessSet.Load(RepoPaths.Processes);
        var y2025 = set.Calendars.Single(c => c.Value.Year == 2025).Value;
        var y2026 = set.Calendars.Single(c => c.Value.Year == 2026).Value;
        var y2027 = set.Calendars.Single(c => c.Value.Year == 2027).Value;
        var h = CalendarHistory.Empty("vn-gov");
        h = h.Apply((CalendarYearPublished)((Decision.Append)CalendarPublishing.Publish(h, y2025, "f", "a", Now)).Events[0]);
        CalendarPublishing.Publish(h, y2027, "f", "a", Now).ShouldBeOfType<Decision.Refused>().Reason.ShouldContain("2026");
        h = h.Apply((CalendarYearPublished)((Decision.Append)CalendarPublishing.Publish(h, y2026, "f", "a", Now)).Events[0]);
        CalendarPublishing.Publish(h, y2026, "f", "a", Now).ShouldBeOfType<Decision.NoChange>();
        var changed = y2026 with { WorkingWeekends = [] };
        CalendarPublishing.Publish(h, changed, "f", "a", Now).ShouldBeOfType<Decision.Refused>().Reason.ShouldContain("revision: 2");
        CalendarPublishing.Publish(h, changed with { Revision = 2 }, "f", "a", Now).ShouldBeOfType<Decision.Append>();
        h.Version.ShouldBe(2);
    }

    [Fact]
    public void Calendar_coverage_warns_once_within_the_horizon()
    {
        var set = ProcessSet.Load(RepoPaths.Processes);
        var h = CalendarHistory.Empty("vn-gov");
        foreach (var y in set.Calendars.OrderBy(c => c.Value.Year))
            h = h.Apply((CalendarYearPublished)((Decision.Append)CalendarPublishing.Publish(h, y.Value, "f", "a", Now)).Events[0]);
        CalendarCoverage.Check(h, new DateTimeOffset(2027, 10, 1, 0, 0, 0, TimeSpan.Zero), 60, "s").ShouldBeEmpty();
        var warning = CalendarCoverage.Check(h, new DateTimeOffset(2027, 11, 15, 0, 0, 0, TimeSpan.Zero), 60, "s").ShouldHaveSingleItem().ShouldBeOfType<CalendarCoverageRunningOut>();
        warning.LastCoveredDate.ShouldBe(new DateOnly(2027, 12, 31));
        warning.DaysLeft.ShouldBe(46);
        CalendarCoverage.Check(h.Apply(warning), new DateTimeOffset(2027, 11, 16, 0, 0, 0, TimeSpan.Zero), 60, "s").ShouldBeEmpty();
    }
}
