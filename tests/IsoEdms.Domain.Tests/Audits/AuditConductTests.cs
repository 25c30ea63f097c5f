using IsoEdms.Domain.Audits;
using IsoEdms.Domain.Tests.Cases;

namespace IsoEdms.Domain.Tests.Audits;

/// <summary>Rules 33-34: findings, acceptance of the report, and the programme proposed from the data.</summary>
public class AuditConductTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 8, 2, 0, 0, TimeSpan.Zero);
    private static readonly AuditState Audit = new(Guid.NewGuid(), "xa-quang-dien", ["chung-thuc.hop-dong-dat"], "duong-van-phuc", ["nguyen-thi-thanh"],
        new DateOnly(2026, 6, 8), new DateOnly(2026, 6, 9), 0, false);

    [Fact]
    public void Only_the_audits_auditors_record_findings_from_its_first_day_and_only_nonconformities_carry_one()
    {
        var today = new DateOnly(2026, 6, 8);
        var id = Guid.NewGuid();
        AuditConduct.Find(Audit, FindingKinds.Minor, "Thiếu chữ ký", null, null, id, today, "nguyen-thi-thanh", At).Finding!.NonconformityId.ShouldBe(id);
        AuditConduct.Find(Audit, FindingKinds.Observation, "Lưu ý", null, null, id, today, "duong-van-phuc", At).Finding!.NonconformityId.ShouldBeNull();
        AuditConduct.Find(Audit, FindingKinds.Minor, "x", null, null, id, today, "ho-thi-xuan", At).Refusal!.Field.ShouldBe("by");
        AuditConduct.Find(Audit, FindingKinds.Minor, "x", null, null, id, today.AddDays(-1), "duong-van-phuc", At).Refusal!.Field.ShouldBe("at");
        AuditConduct.Find(Audit, "critical", "x", null, null, id, today, "duong-van-phuc", At).Refusal!.Field.ShouldBe("kind");
        AuditConduct.Find(Audit, FindingKinds.Minor, " ", null, null, id, today, "duong-van-phuc", At).Refusal!.Field.ShouldBe("text");
        AuditConduct.Find(Audit, FindingKinds.Minor, "x", "ho-tich.khai-sinh", null, id, today, "duong-van-phuc", At).Refusal!.Field.ShouldBe("procedure");
        AuditConduct.Find(Audit with { Accepted = true }, FindingKinds.Minor, "x", null, null, id, today, "duong-van-phuc", At).Refusal!.Field.ShouldBe("at");
    }

    [Fact]
    public void The_report_is_accepted_once_after_the_audit_by_a_head_of_the_audited_unit()
    {
        AuditConduct.Accept(Audit, Shipped.Org, new DateOnly(2026, 6, 10), "tran-van-binh", null, At).Accepted!.AcceptedBy.ShouldBe("tran-van-binh");
        AuditConduct.Accept(Audit, Shipped.Org, new DateOnly(2026, 6, 8), "tran-van-binh", null, At).Refusal!.Field.ShouldBe("on");
        AuditConduct.Accept(Audit, Shipped.Org, new DateOnly(2026, 6, 10), "le-thi-hoa", null, At).Refusal!.Field.ShouldBe("by");
        AuditConduct.Accept(Audit with { Accepted = true }, Shipped.Org, new DateOnly(2026, 6, 10), "tran-van-binh", null, At).Refusal.ShouldNotBeNull();
    }

    [Fact]
    public void A_nonconformity_of_the_audit_is_followed_up_by_its_lead_after_acceptance_until_found_effective()
    {
        var on = new DateOnly(2026, 7, 1);
        (int, string, bool)[] findings = [(1, FindingKinds.Minor, false), (2, FindingKinds.Opportunity, false), (3, FindingKinds.Major, true)];
        var accepted = Audit with { Accepted = true };
        AuditFollowUp.FollowUp(accepted, findings, 1, false, "chưa", on, "duong-van-phuc", At).FollowedUp!.Effective.ShouldBeFalse();
        AuditFollowUp.FollowUp(Audit, findings, 1, true, "x", on, "duong-van-phuc", At).Refusal!.Field.ShouldBe("no");            // not accepted yet
        AuditFollowUp.FollowUp(accepted, findings, 1, true, "x", on, "nguyen-thi-thanh", At).Refusal!.Field.ShouldBe("by");       // the team, not the lead
        AuditFollowUp.FollowUp(accepted, findings, 2, true, "x", on, "duong-van-phuc", At).Refusal!.Message.ShouldContain("not a nonconformity");
        AuditFollowUp.FollowUp(accepted, findings, 3, true, "x", on, "duong-van-phuc", At).Refusal!.Message.ShouldContain("already");
        AuditFollowUp.FollowUp(accepted, findings, 9, true, "x", on, "duong-van-phuc", At).Refusal!.Message.ShouldContain("no finding 9");
        AuditFollowUp.FollowUp(accepted, findings, 1, true, " ", on, "duong-van-phuc", At).Refusal!.Field.ShouldBe("note");
    }

    [Fact]
    public void The_years_programme_is_approved_once_by_a_head_who_does_not_audit_in_it()
    {
        var date = new DateOnly(2026, 1, 10);
        AuditState[] audits = [Audit, Audit with { Id = Guid.NewGuid(), From = new DateOnly(2027, 2, 1), To = new DateOnly(2027, 2, 2) }];
        var ok = AuditFollowUp.Approve(2026, audits, false, Shipped.Org, "le-quang-vinh", "Quyết định số 5", date, "le-quang-vinh", At).Approved!;
        ok.Audits.ShouldBe([Audit.Id]);   // only the audits starting in the year
        ok.ProgrammeId.ShouldBe(AuditFollowUp.ProgrammeIdFor(2026));
        AuditFollowUp.Approve(2026, audits, true, Shipped.Org, "le-quang-vinh", "x", date, "q", At).Refusal!.Field.ShouldBe("year");
        AuditFollowUp.Approve(2028, audits, false, Shipped.Org, "le-quang-vinh", "x", date, "q", At).Refusal!.Field.ShouldBe("year");
        AuditFollowUp.Approve(2026, audits, false, Shipped.Org, "le-quang-vinh", " ", date, "q", At).Refusal!.Field.ShouldBe("decision");
        AuditFollowUp.Approve(2026, audits, false, Shipped.Org, "duong-van-phuc", "x", date, "q", At).Refusal!.Message.ShouldContain("heads no unit");
        var headAuditing = audits.Select(a => a with { Team = ["le-quang-vinh"] }).ToList();
        AuditFollowUp.Approve(2026, headAuditing, false, Shipped.Org, "le-quang-vinh", "x", date, "q", At).Refusal!.Message.ShouldContain("audits in this programme");
    }

    [Fact]
    public void The_programme_weighs_late_rate_nonconformities_risk_and_time_since_the_last_audit()
    {
        var year = new DateOnly(2027, 1, 1);
        var proposal = AuditProgrammeProposal.Propose(
        [
            new("xa-a", "p1", 100, 10, 0, 0, null),                          // 10 + 24
            new("xa-a", "p2", 50, 0, 3, 12, new DateOnly(2026, 7, 31)),      // 0 + 6 + 24 + 6
            new("xa-a", "p3", 10, 0, 0, 0, new DateOnly(2020, 1, 1)),        // 24 (capped)
            new("xa-a", "p4", 10, 0, 0, 0, new DateOnly(2026, 12, 1)),       // 1
            new("xa-b", "p1", 20, 1, 0, 0, new DateOnly(2026, 12, 31)),      // 5 + 1
            new("xa-c", "p1", 0, 0, 0, 0, null),                             // nothing handled: no audit
        ], year);
        proposal.Select(a => a.Unit).ShouldBe(["xa-a", "xa-b"]);
        proposal[0].Procedures.Select(p => (p.Procedure, p.Weight)).ShouldBe([("p2", 36m), ("p1", 34m), ("p3", 24m)]);
        proposal[0].Procedures[0].Reasons.ShouldBe("late 0 % of 50; 3 nonconformities; risk score 12; last audited 2026-07-31");
        proposal[1].Weight.ShouldBe(6m);
    }
}
