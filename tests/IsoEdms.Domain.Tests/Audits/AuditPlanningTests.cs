using IsoEdms.Domain.Audits;
using IsoEdms.Domain.Organisation;
using static IsoEdms.Domain.Tests.Cases.Shipped;

namespace IsoEdms.Domain.Tests.Audits;

/// <summary>Planning an internal audit: an auditor never audits a unit they belong to on any day of the audit.</summary>
public class AuditPlanningTests
{
    private static readonly HashSet<string> Published = ["chung-thuc.hop-dong-dat", "ho-tich.khai-sinh"];
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(7));

    private static PlanAudit Plan(string unit, string lead, DateOnly from, DateOnly to, params string[] team) =>
        new(unit, ["chung-thuc.hop-dong-dat"], lead, team, from, to);

    [Fact]
    public void Given_the_auditor_of_another_unit_When_the_audit_is_planned_Then_it_is_planned_with_the_default_criteria()
    {
        var (planned, refusal) = AuditPlanning.Plan(Guid.NewGuid(), Plan("xa-quang-dien", "duong-van-phuc", new(2026, 6, 8), new(2026, 6, 9)), Org, Published, "ho-thi-xuan", Now);
        refusal.ShouldBeNull();
        (planned!.Unit, planned.Lead, planned.Criteria, planned.By).ShouldBe(("xa-quang-dien", "duong-van-phuc", AuditPlanning.DefaultCriteria, "ho-thi-xuan"));
    }

    [Fact]
    public void Given_an_auditor_of_the_audited_unit_When_the_audit_is_planned_Then_it_is_refused_naming_the_person_and_the_unit()
    {
        var (planned, refusal) = AuditPlanning.Plan(Guid.NewGuid(), Plan("so-tu-phap-hue", "duong-van-phuc", new(2026, 6, 8), new(2026, 6, 9)), Org, Published, "ho-thi-xuan", Now);
        planned.ShouldBeNull();
        refusal!.Field.ShouldBe("lead");
        refusal.Message.ShouldContain("Dương Văn Phúc (duong-van-phuc) belongs to");
        refusal.Message.ShouldContain("(so-tu-phap-hue) on 2026-06-08");
    }

    [Fact]
    public void Given_an_auditor_who_joins_the_unit_during_the_audit_Then_the_first_shared_day_is_named()
    {
        var moved = new PersonRecord
        {
            Id = PersonRecord.StreamIdFor("kiem-toan-vien"), Code = "kiem-toan-vien", Name = "Phan Văn Kiểm",
            Assignments = [new("so-tu-phap-hue", ["auditor"], null, new DateOnly(2026, 6, 10)), new("xa-quang-dien", ["auditor"], new DateOnly(2026, 6, 10), null)],
        };
        var org = new OrgSnapshot(Org.Units, Org.People.Append(moved), Org.Roles);
        var (_, refusal) = AuditPlanning.Plan(Guid.NewGuid(), Plan("xa-quang-dien", "duong-van-phuc", new(2026, 6, 8), new(2026, 6, 12), "kiem-toan-vien"), org, Published, "ho-thi-xuan", Now);
        refusal!.Field.ShouldBe("team");
        refusal.Message.ShouldContain("Phan Văn Kiểm (kiem-toan-vien) belongs to");
        refusal.Message.ShouldContain("on 2026-06-10");
        // the same person, for an audit that ends the day before the move: allowed
        AuditPlanning.Plan(Guid.NewGuid(), Plan("xa-quang-dien", "duong-van-phuc", new(2026, 6, 8), new(2026, 6, 9), "kiem-toan-vien"), org, Published, "ho-thi-xuan", Now)
            .Refusal.ShouldBeNull();
    }

    [Theory]
    [InlineData("khong-co", "duong-van-phuc", "unit")]
    [InlineData("xa-quang-dien", "nguyen-van-an", "lead")]   // no auditor role
    [InlineData("xa-quang-dien", "khong-ai", "lead")]
    public void Given_a_plan_that_names_what_does_not_exist_or_may_not_audit_Then_the_field_is_named(string unit, string lead, string field) =>
        AuditPlanning.Plan(Guid.NewGuid(), Plan(unit, lead, new(2026, 6, 8), new(2026, 6, 9)), Org, Published, "ho-thi-xuan", Now).Refusal!.Field.ShouldBe(field);

    [Fact]
    public void Given_dates_in_the_wrong_order_or_an_unknown_procedure_Then_the_field_is_named()
    {
        AuditPlanning.Plan(Guid.NewGuid(), Plan("xa-quang-dien", "duong-van-phuc", new(2026, 6, 9), new(2026, 6, 8)), Org, Published, "x", Now).Refusal!.Field.ShouldBe("to");
        AuditPlanning.Plan(Guid.NewGuid(), Plan("xa-quang-dien", "duong-van-phuc", new(2026, 6, 8), new(2026, 6, 9)) with { Procedures = ["khong-co"] }, Org, Published, "x", Now)
            .Refusal!.Message.ShouldContain("'khong-co' is not a published procedure");
    }
}
