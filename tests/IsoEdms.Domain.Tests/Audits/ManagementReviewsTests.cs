using IsoEdms.Domain.Audits;
using IsoEdms.Domain.Tests.Cases;

namespace IsoEdms.Domain.Tests.Audits;

/// <summary>Rule 29: what a management review needs to be recorded, and how its actions are closed.</summary>
public class ManagementReviewsTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DateTimeOffset At = new(2026, 3, 2, 3, 0, 0, TimeSpan.Zero);

    private static HoldReview Meeting() => new(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), Today, "le-quang-vinh", ["ho-thi-xuan", "le-quang-vinh"],
        ["Duy trì hệ thống"], [("Rà soát quy trình", "ho-thi-xuan", new DateOnly(2026, 4, 30))], ["Máy quét"]);

    private static string? Refused(HoldReview r) => ManagementReviews.Hold(Guid.NewGuid(), r, "{}", Shipped.Org, Today, "ho-thi-xuan", At).Refusal?.Field;

    [Fact]
    public void A_review_held_keeps_its_inputs_with_their_hash_the_chair_among_the_attendees_and_numbered_actions()
    {
        var (held, refusal) = ManagementReviews.Hold(Guid.NewGuid(), Meeting(), """{"timeliness":{}}""", Shipped.Org, Today, "ho-thi-xuan", At);
        refusal.ShouldBeNull();
        held!.InputsSha256.ShouldBe(Documents.Canonical.Sha256("""{"timeliness":{}}"""));
        held.Attendees.ShouldBe(["le-quang-vinh", "ho-thi-xuan"]);
        held.Actions.ShouldBe([new ReviewAction(1, "Rà soát quy trình", "ho-thi-xuan", new DateOnly(2026, 4, 30))]);
    }

    [Fact]
    public void A_review_not_held_yet_without_decisions_or_with_strangers_is_refused_naming_the_field()
    {
        Refused(Meeting() with { HeldOn = Today.AddDays(1) }).ShouldBe("held_on");
        Refused(Meeting() with { HeldOn = new DateOnly(2025, 12, 31) }).ShouldBe("held_on");
        Refused(Meeting() with { To = new DateOnly(2025, 12, 1) }).ShouldBe("to");
        Refused(Meeting() with { Chair = "ai-do" }).ShouldBe("chair");
        Refused(Meeting() with { Attendees = ["ai-do"] }).ShouldBe("attendees");
        Refused(Meeting() with { Decisions = [] }).ShouldBe("decisions");
        Refused(Meeting() with { Actions = [("Rà soát", "ai-do", new DateOnly(2026, 4, 30))] }).ShouldBe("actions");
        Refused(Meeting() with { Actions = [("Rà soát", "ho-thi-xuan", new DateOnly(2026, 3, 1))] }).ShouldBe("actions");
    }

    [Fact]
    public void An_action_is_closed_once_with_evidence_on_or_after_the_meeting()
    {
        ReviewAction[] actions = [new(1, "Rà soát", "ho-thi-xuan", new DateOnly(2026, 4, 30))];
        var id = Guid.NewGuid();
        ManagementReviews.Complete(id, Today, actions, new HashSet<int>(), 1, "Quyết định 15", new DateOnly(2026, 4, 1), "q", At).Completed!.No.ShouldBe(1);
        ManagementReviews.Complete(id, Today, actions, new HashSet<int> { 1 }, 1, "lại", new DateOnly(2026, 4, 1), "q", At).Refusal!.Field.ShouldBe("no");
        ManagementReviews.Complete(id, Today, actions, new HashSet<int>(), 2, "x", new DateOnly(2026, 4, 1), "q", At).Refusal!.Field.ShouldBe("no");
        ManagementReviews.Complete(id, Today, actions, new HashSet<int>(), 1, " ", new DateOnly(2026, 4, 1), "q", At).Refusal!.Field.ShouldBe("evidence");
        ManagementReviews.Complete(id, Today, actions, new HashSet<int>(), 1, "x", new DateOnly(2026, 3, 1), "q", At).Refusal!.Field.ShouldBe("on");
    }
}
