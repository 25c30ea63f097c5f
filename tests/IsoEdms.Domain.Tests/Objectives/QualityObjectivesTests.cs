using IsoEdms.Domain.Objectives;
using IsoEdms.Domain.Procedures;
using IsoEdms.Domain.Tests.Cases;

namespace IsoEdms.Domain.Tests.Objectives;

/// <summary>Rule 28: quality objectives are measurable, checked when set, and judged month by month.</summary>
public class QualityObjectivesTests
{
    private static readonly HashSet<string> Published = ["chung-thuc.hop-dong-dat"];
    private static readonly DateTimeOffset At = new(2026, 1, 5, 2, 0, 0, TimeSpan.Zero);

    private static SetObjective OnTime(string? unit = "xa-quang-dien", string? procedure = null) =>
        new("dung-han-2026", new LocalizedText("Tỷ lệ hồ sơ đúng hạn ≥ 98 %", "On-time dossiers ≥ 98 %"), Measures.OnTimeRate, 98, unit, procedure,
            new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "tran-van-binh");

    private static string? Refused(SetObjective c) => QualityObjectives.Set(c, Shipped.Org, Published, "ho-thi-xuan", At).Refusal?.Field;

    [Fact]
    public void A_valid_objective_is_set_with_its_scope_and_a_stream_of_its_own()
    {
        var (set, refusal) = QualityObjectives.Set(OnTime(), Shipped.Org, Published, "ho-thi-xuan", At);
        refusal.ShouldBeNull();
        (set!.Scope, set.ScopeKey, set.Target, set.By).ShouldBe((ObjectiveScopes.Unit, "xa-quang-dien", 98m, "ho-thi-xuan"));
        set.ObjectiveId.ShouldBe(QualityObjectives.StreamIdFor("dung-han-2026"));
        QualityObjectives.Set(OnTime(unit: null), Shipped.Org, Published, "q", At).Set!.Scope.ShouldBe(ObjectiveScopes.Organisation);
        QualityObjectives.Set(OnTime(unit: null, procedure: "chung-thuc.hop-dong-dat"), Shipped.Org, Published, "q", At).Set!.Scope.ShouldBe(ObjectiveScopes.Procedure);
    }

    [Fact]
    public void What_cannot_be_measured_is_refused_naming_the_field()
    {
        Refused(OnTime() with { Code = "Đúng hạn" }).ShouldBe("code");
        Refused(OnTime() with { Title = new LocalizedText(" ", "x") }).ShouldBe("title");
        Refused(OnTime() with { Measure = "speed" }).ShouldBe("measure");
        Refused(OnTime() with { Target = 101 }).ShouldBe("target");
        Refused(OnTime() with { Target = 0 }).ShouldBe("target");
        Refused(OnTime() with { Measure = Measures.OverdueCorrectiveActions, Target = 0.5m }).ShouldBe("target");
        Refused(OnTime() with { Measure = Measures.OverdueCorrectiveActions, Target = 0 }).ShouldBeNull();
        Refused(OnTime(unit: "xa-khong-co")).ShouldBe("unit");
        Refused(OnTime(procedure: "chung-thuc.hop-dong-dat")).ShouldBe("procedure");   // a unit and a procedure
        Refused(OnTime(unit: null, procedure: "khong-co")).ShouldBe("procedure");
        Refused(OnTime(unit: null, procedure: "chung-thuc.hop-dong-dat") with { Measure = Measures.Satisfaction, Target = 90 }).ShouldBe("procedure");
        Refused(OnTime() with { To = new DateOnly(2025, 12, 31) }).ShouldBe("to");
        Refused(OnTime() with { Owner = "ai-do" }).ShouldBe("owner");
    }

    [Fact]
    public void The_months_of_a_period_stop_at_the_day_measured_and_are_cut_to_the_period()
    {
        QualityObjectives.MonthsOf(new DateOnly(2026, 1, 15), new DateOnly(2026, 12, 31), new DateOnly(2026, 3, 10)).ShouldBe(
        [
            ("2026-01", new DateOnly(2026, 1, 15), new DateOnly(2026, 1, 31)), ("2026-02", new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)),
            ("2026-03", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 10)),
        ]);
        QualityObjectives.MonthsOf(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), new DateOnly(2025, 12, 31)).ShouldBeEmpty();
    }

    [Fact]
    public void A_rate_is_judged_over_all_its_months_at_risk_while_it_runs_missed_once_over()
    {
        IReadOnlyList<MonthFigures> months = [new("2026-01", 49, 50, false), new("2026-02", 45, 50, false), new("2026-03", 0, 0, true)];
        var running = QualityObjectives.Evaluate(Measures.OnTimeRate, 95, months, periodOver: false);
        running.Months.Select(m => (m.Month, m.Value, m.Status)).ShouldBe(
            [("2026-01", (decimal?)98.0m, ObjectiveStatuses.Met), ("2026-02", 90.0m, ObjectiveStatuses.Missed), ("2026-03", null, ObjectiveStatuses.NoData)]);
        (running.Value, running.Status).ShouldBe((94.0m, ObjectiveStatuses.AtRisk));
        QualityObjectives.Evaluate(Measures.OnTimeRate, 95, months, periodOver: true).Status.ShouldBe(ObjectiveStatuses.Missed);
        QualityObjectives.Evaluate(Measures.OnTimeRate, 94, months, periodOver: true).Status.ShouldBe(ObjectiveStatuses.Met);
        QualityObjectives.Evaluate(Measures.Satisfaction, 90, [new("2026-01", 0, 0, false)], periodOver: true).Status.ShouldBe(ObjectiveStatuses.NoData);
    }

    [Fact]
    public void A_count_is_its_worst_month_and_an_ended_month_over_the_limit_cannot_be_undone()
    {
        var open = QualityObjectives.Evaluate(Measures.OverdueCorrectiveActions, 0, [new("2026-01", 0, 0, false), new("2026-02", 2, 0, true)], periodOver: false);
        (open.Value, open.Status).ShouldBe((2m, ObjectiveStatuses.AtRisk));   // February may still end with none overdue
        var ended = QualityObjectives.Evaluate(Measures.OverdueCorrectiveActions, 0, [new("2026-01", 1, 0, false), new("2026-02", 0, 0, true)], periodOver: false);
        (ended.Value, ended.Status).ShouldBe((1m, ObjectiveStatuses.Missed));
        QualityObjectives.Evaluate(Measures.OverdueCorrectiveActions, 1, [new("2026-01", 1, 0, false)], periodOver: true).Status.ShouldBe(ObjectiveStatuses.Met);
    }
}
