using IsoEdms.Domain.Audit;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Tests.Cases;
using static IsoEdms.Domain.Tests.Cases.Shipped;

namespace IsoEdms.Domain.Tests.Audit;

public class ConformanceCheckTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset Tuesday = Local(2026, 3, 3, 7);   // 16 working hours from 07:00: due Wednesday 17:00

    private static IReadOnlyList<Finding> Check(IEnumerable<object> events) =>
        Conformance.Check(events.Select((e, i) => ((long)i + 1, e)).ToList(), Procedure("chung-thuc.hop-dong-dat"), Shipped.Org, TestCalendars.VnGov);

    [Fact]
    public void Given_a_late_apology_and_a_late_finish_Then_both_are_found()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");
        var g = new Given(ctx, Id, "XQD-2026-000010", "xa-quang-dien", "nguyen-van-an", Tuesday)
            .Then(s => CaseDecider.Complete(s, "receive", null, ctx, "nguyen-van-an", Local(2026, 3, 3, 8, 30)))
            .Then(s => CaseDecider.Apologise(s, "Chờ xác minh", Local(2026, 3, 6, 17), "tran-van-binh", ctx, "nguyen-van-an", Local(2026, 3, 4, 9)))
            .Then(s => CaseDecider.Complete(s, "review", "approve", ctx, "le-thi-hoa", Local(2026, 3, 4, 10)))
            .Then(s => CaseDecider.Complete(s, "sign", null, ctx, "tran-van-binh", Local(2026, 3, 4, 14)))
            .Then(s => CaseDecider.Complete(s, "record", null, ctx, "pham-thi-lan", Local(2026, 3, 5, 10)));
        Check(g.History).Select(f => f.Kind).Order().ShouldBe(["apology_too_late", "late_without_apology"]);
    }

    [Fact]
    public void Given_an_outcome_the_step_does_not_have_Then_it_is_found()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");
        var g = new Given(ctx, Id, "XQD-2026-000011", "xa-quang-dien", "nguyen-van-an", Tuesday)
            .Then(s => CaseDecider.Complete(s, "receive", null, ctx, "nguyen-van-an", Local(2026, 3, 3, 8, 30)));
        // a record written by other software: the commands would never store it
        var forged = new StepCompleted(Id, "XQD-2026-000011", "chung-thuc.hop-dong-dat", "review", "xa-quang-dien", "justice-officer", "maybe", "sign", 8,
            Local(2026, 3, 3, 8, 30), Local(2026, 3, 4, 8, 30), new DateOnly(2026, 3, 3), 30, null, "vn-2025", "le-thi-hoa", Local(2026, 3, 3, 9));
        var findings = Check([.. g.History, forged]);
        findings.Single().ShouldSatisfyAllConditions(f => f.Kind.ShouldBe("outcome_not_allowed"), f => f.Version.ShouldBe(g.History.Count + 1));
    }
}
