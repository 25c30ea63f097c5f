using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Procedures;
using IsoEdms.Domain.Tests.Cases;

namespace IsoEdms.Domain.Tests.Procedures;

/// <summary>Rule 30 (ISO 9001:2015, 7.5.2): a version is a draft until approved by the head of the approving unit, with the decision.</summary>
public class DocumentApprovalTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static readonly ProcessSet Set = ProcessSet.Load(RepoPaths.Processes);
    private static SourceFile<ProcedureDefinition> File1 => Set.Procedures.Single(p => p.Value.Code == "chung-thuc.ban-sao");
    private static ProcedureDefinition V2 => File1.Value with { Version = 2, EffectiveFrom = new DateOnly(2026, 4, 1) };

    private static readonly DocumentApproval Valid =
        new("ho-thi-xuan", "duong-van-phuc", "tran-van-binh", "xa-quang-dien", "Quyết định số 12/QĐ-UBND", new DateOnly(2026, 2, 20));

    private static ProcedureHistory V1Published() => ProcedureHistory.Fold("chung-thuc.ban-sao",
        ((Decision.Append)ProcedurePublishing.Publish(ProcedureHistory.Empty("chung-thuc.ban-sao"), File1.Value, "p", "q", Now)).Events);

    private static Decision Publish(DocumentApproval? approval, ProcedureHistory? history = null) =>
        ProcedurePublishing.Publish(history ?? V1Published(), V2, approval, Shipped.Org, Today, "procedures/chung-thuc.ban-sao/v2.yaml", "ho-thi-xuan", Now);

    [Fact]
    public void A_version_without_an_approval_is_a_draft_and_is_not_published()
    {
        Publish(null).ShouldBeOfType<Decision.Refused>().Reason.ShouldContain("v2 is a draft: it needs the approval of the head of the approving unit");
    }

    [Fact]
    public void An_approved_version_is_recorded_with_its_drafter_reviewer_approver_and_decision_before_it_is_published()
    {
        var events = Publish(Valid).ShouldBeOfType<Decision.Append>().Events;
        var approved = events[0].ShouldBeOfType<ProcedureVersionApproved>();
        (approved.Version, approved.ApprovedBy, approved.Unit, approved.Decision, approved.DecisionDate, approved.By)
            .ShouldBe((2, "tran-van-binh", "xa-quang-dien", "Quyết định số 12/QĐ-UBND", new DateOnly(2026, 2, 20), "ho-thi-xuan"));
        approved.ContentHash.ShouldBe(Canonical.Sha256(V2));
        events[1].ShouldBeOfType<ProcedureVersionPublished>().Version.ShouldBe(2);
    }

    [Fact]
    public void Only_the_head_of_the_approving_unit_on_the_day_of_the_decision_approves_and_nobody_reviews_or_approves_their_own_draft()
    {
        string Refused(DocumentApproval a) => Publish(a).ShouldBeOfType<Decision.Refused>().Reason;
        Refused(Valid with { ApprovedBy = "le-thi-hoa" }).ShouldContain("Lê Thị Hoa (le-thi-hoa) is not the head of UBND xã Quảng Điền (xa-quang-dien) on 2026-02-20");
        Refused(Valid with { Unit = "xa-dan-dien" }).ShouldContain("is not the head of UBND xã Đan Điền");
        Refused(Valid with { ReviewedBy = "ho-thi-xuan" }).ShouldContain("drafted the version and cannot also review it");
        Refused(Valid with { DraftedBy = "tran-van-binh" }).ShouldContain("drafted the version and cannot also approve it");
        Refused(Valid with { ReviewedBy = "ai-do" }).ShouldContain("reviewed_by 'ai-do' is not a person");
        Refused(Valid with { DecisionDate = new DateOnly(2026, 4, 2) }).ShouldContain("comes after the version takes effect");
        Refused(Valid with { DecisionDate = new DateOnly(2026, 3, 20) }).ShouldContain("after today");
        Refused(Valid with { Unit = "xa-khong-co" }).ShouldContain("'xa-khong-co' is not a unit");
    }

    [Fact]
    public void An_approval_recorded_earlier_for_the_same_content_lets_the_file_be_published_without_its_block_and_never_for_other_content()
    {
        var approvedOnly = V1Published().Apply(new ProcedureVersionApproved(ProcedureHistory.StreamIdFor("chung-thuc.ban-sao"), "chung-thuc.ban-sao", 2, Canonical.Sha256(V2),
            "ho-thi-xuan", "duong-van-phuc", "tran-van-binh", "xa-quang-dien", "Quyết định số 12/QĐ-UBND", new DateOnly(2026, 2, 20), "ho-thi-xuan", Now));
        Publish(null, approvedOnly).ShouldBeOfType<Decision.Append>().Events.ShouldHaveSingleItem().ShouldBeOfType<ProcedureVersionPublished>();
        ProcedurePublishing.Publish(approvedOnly, V2 with { TimeLimit = IsoEdms.Domain.Calendars.TimeLimit.WorkingDays(3) }, null, Shipped.Org, Today, "p", "q", Now)
            .ShouldBeOfType<Decision.Refused>();
    }

    [Fact]
    public void The_approval_block_is_not_part_of_the_definition_and_its_shape_is_checked_with_its_lines()
    {
        var text = System.IO.File.ReadAllText(File1.Path);
        var refs = new ReferenceData(Set.Calendars.GroupBy(c => c.Value.Calendar).ToDictionary(g => g.Key, g => g.Last().Value.WorkingDayLength),
            Set.Org.Roles.Select(r => r.Code).ToHashSet(), Set.Org.Units.Select(u => u.Code).ToHashSet());
        var start = text.IndexOf("approval:", StringComparison.Ordinal);
        var end = text.IndexOf("calendar:", start, StringComparison.Ordinal);
        var withoutBlock = text[..start] + text[end..];
        var (with, approval, _) = ProcedureFile.ParseWithApproval(File1.Path, text, refs);
        var (without, none, _) = ProcedureFile.ParseWithApproval(File1.Path, withoutBlock, refs);
        approval.ShouldNotBeNull().Decision.ShouldBe("Quyết định số 25/QĐ-TTPVHCC");
        none.ShouldBeNull();
        Canonical.Sha256(with!).ShouldBe(Canonical.Sha256(without!));

        var broken = text.Replace("  decision_date: 2025-06-25\n", "").Replace("  unit: tt-pvhcc-hue\n", "  unit: tt-pvhcc-hue\n  signed: yes\n");
        var (_, _, errors) = ProcedureFile.ParseWithApproval(File1.Path, broken, refs);
        var lines = broken.Split('\n').ToList();
        errors.Select(e => e.Line).Order().ShouldBe([lines.FindIndex(l => l.StartsWith("  drafted_by:", StringComparison.Ordinal)) + 1, lines.FindIndex(l => l.Contains("signed: yes", StringComparison.Ordinal)) + 1]);
        errors.ShouldContain(e => e.Message.Contains("decision_date", StringComparison.Ordinal));
    }
}
