using IsoEdms.Domain.Risks;
using IsoEdms.Domain.Tests.Cases;

namespace IsoEdms.Domain.Tests.Risks;

/// <summary>Rules 31-32: the register of risks and opportunities, and the risks the data proposes.</summary>
public class RiskRegisterTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly HashSet<string> Published = ["dat-dai.dang-ky-lan-dau"];

    private static RecordRisk Land() =>
        new("dat-dai.tre-han", RiskKinds.Risk, "Hồ sơ đất đai trễ hạn do chờ xác minh", "dat-dai.dang-ky-lan-dau", "xa-quang-dien", 4, 3, "tran-van-binh", null);

    private static string? Refused(RecordRisk r) => RiskRegister.Record(r, Shipped.Org, Published, "ho-thi-xuan", At).Refusal?.Field;

    [Theory]
    [InlineData(1, 4, "low")]
    [InlineData(3, 3, "medium")]
    [InlineData(2, 5, "high")]
    public void A_risk_is_low_medium_or_high_by_likelihood_times_impact(int likelihood, int impact, string level) =>
        RiskLevels.Of(likelihood, impact).ShouldBe(level);

    [Fact]
    public void A_risk_names_what_it_concerns_is_rated_1_to_5_and_is_owned_by_a_person()
    {
        RiskRegister.Record(Land(), Shipped.Org, Published, "ho-thi-xuan", At).Recorded!.RiskId.ShouldBe(RiskRegister.StreamIdFor("dat-dai.tre-han"));
        Refused(Land() with { Code = "Trễ hạn" }).ShouldBe("code");
        Refused(Land() with { Kind = "threat" }).ShouldBe("kind");
        Refused(Land() with { Procedure = null, Unit = null }).ShouldBe("procedure");
        Refused(Land() with { Procedure = "khong-co" }).ShouldBe("procedure");
        Refused(Land() with { Unit = "xa-khong-co" }).ShouldBe("unit");
        Refused(Land() with { Likelihood = 6 }).ShouldBe("likelihood");
        Refused(Land() with { Impact = 0 }).ShouldBe("impact");
        Refused(Land() with { Owner = "ai-do" }).ShouldBe("owner");
    }

    [Fact]
    public void Actions_are_planned_with_an_owner_and_a_due_date_done_once_and_reviewed_once_one_is_done()
    {
        var s = new RiskState(Guid.NewGuid(), "dat-dai.tre-han", []);
        RiskRegister.Plan(s, "Phối hợp với văn phòng đăng ký", "tran-van-binh", Today.AddDays(-1), Shipped.Org, Today, "q", At).Refusal!.Field.ShouldBe("due");
        RiskRegister.Plan(s, "Phối hợp", "ai-do", Today, Shipped.Org, Today, "q", At).Refusal!.Field.ShouldBe("owner");
        RiskRegister.Plan(s, "Phối hợp", "tran-van-binh", Today.AddDays(30), Shipped.Org, Today, "q", At).Planned!.No.ShouldBe(1);
        RiskRegister.Review(s with { Actions = [(1, Today.AddDays(30), false)] }, 2, 3, true, "ổn", Today, "q", At).Refusal!.Field.ShouldBe("effective");

        var planned = s with { Actions = [(1, Today.AddDays(30), false)] };
        RiskRegister.Complete(planned, 2, "x", Today, "q", At).Refusal!.Field.ShouldBe("no");
        RiskRegister.Complete(planned, 1, " ", Today, "q", At).Refusal!.Field.ShouldBe("evidence");
        RiskRegister.Complete(planned, 1, "Quy chế phối hợp số 3", Today, "q", At).Completed!.No.ShouldBe(1);
        var done = s with { Actions = [(1, Today.AddDays(30), true)] };
        RiskRegister.Complete(done, 1, "lại", Today, "q", At).Refusal!.Field.ShouldBe("no");
        var reviewed = RiskRegister.Review(done, 2, 3, true, "Tỷ lệ trễ giảm", Today, "q", At).Reviewed!;
        (reviewed.Likelihood, reviewed.Impact, reviewed.Effective).ShouldBe((2, 3, true));
    }

    [Fact]
    public void A_late_rate_rising_three_months_running_to_ten_percent_or_more_is_proposed_and_a_rise_below_it_is_not()
    {
        MonthlyFigures M(string m, int finished, int late, int ncs = 0) => new(m, finished, late, ncs);
        RiskProposals.Judge("p", "u", [M("2026-01", 20, 0), M("2026-02", 20, 1), M("2026-03", 20, 2)])!.Reason
            .ShouldBe("the late rate rose three months running: 0 % → 5 % → 10 %");
        RiskProposals.Judge("p", "u", [M("2026-01", 20, 0), M("2026-02", 20, 1), M("2026-03", 30, 2)]).ShouldBeNull();   // 6.7 %: below 10 %
        RiskProposals.Judge("p", "u", [M("2026-01", 4, 0), M("2026-02", 20, 2), M("2026-03", 20, 5)]).ShouldBeNull();    // too few to judge January
        RiskProposals.Judge("p", "u", [M("2026-01", 20, 4), M("2026-02", 20, 2), M("2026-03", 20, 5)]).ShouldBeNull();   // not rising every month
        RiskProposals.Judge("p", "u", [M("2026-01", 0, 0, 0), M("2026-02", 0, 0, 1), M("2026-03", 0, 0, 3)])!.Reason
            .ShouldBe("nonconformities rose three months running: 0 → 1 → 3");
    }
}
