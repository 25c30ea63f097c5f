using IsoEdms.Domain.Quality;

namespace IsoEdms.Domain.Tests.Quality;

public class CorrectiveActionTests
{
    private static readonly Guid Nc = Guid.NewGuid(), Ca = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 2);

    private sealed class Loop
    {
        public List<object> Events { get; } = [];
        public CorrectiveActionState State => CorrectiveActionState.Fold(Events)!;
        private int _minutes;
        public DateTimeOffset Next() => T0.AddMinutes(++_minutes);

        public Loop Then(Func<CorrectiveActionState, DateTimeOffset, QualityResult> step)
        {
            var r = step(State, Next());
            r.Error.ShouldBeNull();
            Events.AddRange(r.Events);
            return this;
        }

        public QualityError Refused(Func<CorrectiveActionState, DateTimeOffset, QualityResult> step)
        {
            var r = step(State, Next());
            r.Events.ShouldBeEmpty();
            return r.Error.ShouldNotBeNull();
        }
    }

    private static NonconformityState OpenNc() => NonconformityState.Fold([new NonconformityRaised(Nc, "NC-1", "step_late", "minor", "xa-quang-dien", null, null, null, null, "quá hạn", "sys", T0)])!;

    private static Loop Opened()
    {
        var l = new Loop();
        l.Events.AddRange(CorrectiveActions.Open(Ca, "CA-1", [OpenNc()], "xa-quang-dien", "tran-van-binh", "Giảm hồ sơ trễ hạn", "ho-thi-xuan", T0).Events);
        return l;
    }

    private static Loop Implemented() => Opened()
        .Then((s, t) => CorrectiveActions.Contain(s, "Ưu tiên xử lý hồ sơ tồn", "tran-van-binh", t))
        .Then((s, t) => CorrectiveActions.FindRootCause(s, "method", "5 why: thiếu phân công dự phòng khi vắng", "tran-van-binh", t))
        .Then((s, t) => CorrectiveActions.Plan(s, "Phân công người dự phòng", "le-thi-hoa", Today.AddDays(14), Today, "tran-van-binh", t))
        .Then((s, t) => CorrectiveActions.Complete(s, 1, "Đã ban hành", "le-thi-hoa", t));

    [Fact]
    public void Given_open_or_unverified_actions_When_closing_Then_refused()
    {
        Opened().Refused((s, t) => CorrectiveActions.Close(s, "x", t)).Message.ShouldContain("root cause");
        var planned = Opened()
            .Then((s, t) => CorrectiveActions.FindRootCause(s, "people", "thiếu đào tạo", "x", t))
            .Then((s, t) => CorrectiveActions.Plan(s, "Đào tạo", "le-thi-hoa", Today.AddDays(7), Today, "x", t));
        planned.Refused((s, t) => CorrectiveActions.Close(s, "x", t)).Message.ShouldContain("action 1 is still open");
        planned.Refused((s, t) => CorrectiveActions.Review(s, Today, "bằng chứng", true, "x", t)).Message.ShouldContain("not completed yet");
        Implemented().Refused((s, t) => CorrectiveActions.Close(s, "x", t)).Message.ShouldContain("effectiveness has not been verified");
    }

    [Fact]
    public void Given_a_review_found_not_effective_When_reviewing_again_Then_a_new_completed_action_is_needed_first()
    {
        var loop = Implemented().Then((s, t) => CorrectiveActions.Review(s, Today.AddDays(30), "Tháng 4 vẫn 12 hồ sơ trễ", false, "ho-thi-xuan", t));
        loop.State.Status.ShouldBe(CorrectiveActionStatus.Open);
        loop.Refused((s, t) => CorrectiveActions.Review(s, Today.AddDays(31), "lại", true, "ho-thi-xuan", t)).Message.ShouldContain("complete a new action");
        loop.Refused((s, t) => CorrectiveActions.Close(s, "x", t)).Message.ShouldContain("effectiveness has not been verified");

        loop.Then((s, t) => CorrectiveActions.Plan(s, "Nhắc hạn tự động hằng ngày", "le-thi-hoa", Today.AddDays(40), Today, "tran-van-binh", t))
            .Then((s, t) => CorrectiveActions.Complete(s, 2, null, "le-thi-hoa", t))
            .Then((s, t) => CorrectiveActions.Review(s, Today.AddDays(60), "Tháng 5 không còn hồ sơ trễ", true, "ho-thi-xuan", t))
            .Then((s, t) => CorrectiveActions.Close(s, "ho-thi-xuan", t));
        loop.State.Status.ShouldBe(CorrectiveActionStatus.Closed);
        loop.Refused((s, t) => CorrectiveActions.Plan(s, "thêm", "x", Today.AddDays(90), Today, "x", t)).Conflict.ShouldBeTrue();
    }

    [Fact]
    public void Given_a_nonconformity_with_a_corrective_action_When_closing_Then_only_once_the_action_is_closed()
    {
        var nc = NonconformityState.Fold([
            new NonconformityRaised(Nc, "NC-1", "step_late", "minor", "xa-quang-dien", null, null, null, null, "quá hạn", "sys", T0),
            new CorrectiveActionLinked(Nc, Ca, "CA-1", "x", T0)])!;
        var loop = Implemented();
        Nonconformities.Close(nc, [loop.State], "x", T0).Error!.Message.ShouldContain("CA-1");
        loop.Then((s, t) => CorrectiveActions.Review(s, Today, "ok", true, "x", t)).Then((s, t) => CorrectiveActions.Close(s, "x", t));
        Nonconformities.Close(nc, [loop.State], "x", T0).Events.Single().ShouldBeOfType<NonconformityClosed>();
        var bare = NonconformityState.Fold([new NonconformityRaised(Nc, "NC-2", "manual", "minor", "u", null, null, null, null, "d", "x", T0)])!;
        Nonconformities.Close(bare, [], "x", T0).Error!.Message.ShouldContain("no correction, concession or corrective action");
    }

    [Fact]
    public void Given_an_action_past_its_due_date_When_flagged_twice_Then_it_is_flagged_once()
    {
        var loop = Opened()
            .Then((s, t) => CorrectiveActions.FindRootCause(s, "procedure", "quy trình thiếu bước", "x", t))
            .Then((s, t) => CorrectiveActions.Plan(s, "Sửa quy trình", "ho-thi-xuan", Today.AddDays(3), Today, "x", t))
            .Then((s, t) => CorrectiveActions.Plan(s, "Đào tạo lại", "le-thi-hoa", Today.AddDays(30), Today, "x", t));
        CorrectiveActions.FlagOverdue(loop.State, Today.AddDays(3), "sys", T0).ShouldBeEmpty();
        var flags = CorrectiveActions.FlagOverdue(loop.State, Today.AddDays(4), "sys", T0);
        flags.Single().ShouldBeOfType<ActionOverdueFlagged>().No.ShouldBe(1);
        loop.Events.AddRange(flags);
        CorrectiveActions.FlagOverdue(loop.State, Today.AddDays(5), "sys", T0).ShouldBeEmpty();
    }
}
