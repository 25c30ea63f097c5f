using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Timeliness;
using static IsoEdms.Domain.Tests.Cases.Shipped;

namespace IsoEdms.Domain.Tests.Cases;

public class CaseDeciderTests
{
    private static readonly WorkingCalendar Cal = TestCalendars.VnGov;
    private static readonly Guid Id = Guid.NewGuid();

    // Monday 2 March 2026, 08:00 in Huế: a working day
    private static readonly DateTimeOffset Monday = Local(2026, 3, 2, 8);

    private static Given LandCaseAtTax()
    {
        var ctx = Context("dat-dai.dang-ky-lan-dau");
        return new Given(ctx, Id, "XQD-2026-000001", "xa-quang-dien", "nguyen-van-an", Monday)
            .Then(s => CaseDecider.Complete(s, "receive", null, ctx, "nguyen-van-an", Monday.AddHours(1)))
            .Then(s => CaseDecider.Complete(s, "confirm", "approve", ctx, "vo-thi-mai", Monday.AddHours(3)))
            .Then(s => CaseDecider.Complete(s, "appraise", null, ctx, "kieu-thi-dung", Monday.AddHours(5)));
    }

    [Fact]
    public void Given_a_receipt_When_decided_Then_the_case_carries_every_decision_of_that_moment()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");
        var r = CaseDecider.Receive(Id, new ReceiveCase("XQD-2026-000007", "xa-quang-dien", null, new Applicant("Lê Văn Tám"), ["Hợp đồng"]), ctx, "nguyen-van-an", Monday);
        var received = r.Events[0].ShouldBeOfType<CaseReceived>();
        // 2 working days of 8 h from Monday 08:00: 7 h on Monday, 8 h on Tuesday, 1 h on Wednesday
        received.ShouldBe(received with
        {
            Procedure = "chung-thuc.hop-dong-dat", Version = 1, Calendar = "vn-gov", CalendarVersion = 3, ClassificationPolicy = "vn-2025",
            SuspensionPolicy = SuspensionPolicy.Pause, ReceivingUnit = "xa-quang-dien", LeadUnit = "xa-quang-dien", ReceivedDate = new DateOnly(2026, 3, 2),
            ClockStart = Monday, Due = Local(2026, 3, 4, 8), DueDate = new DateOnly(2026, 3, 4), By = "nguyen-van-an", At = Monday,
        });
        r.Events[1].ShouldBe(new StepStarted(Id, "receive", "xa-quang-dien", "reception-officer", "nguyen-van-an", 2, new DateOnly(2026, 3, 2), Monday.AddHours(2), new DateOnly(2026, 3, 2), false, "nguyen-van-an", Monday));
    }

    [Fact]
    public void Given_a_procedure_whose_first_step_is_done_at_the_desk_When_received_Then_the_receipt_completes_it_and_the_next_step_starts()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");
        var def = ctx.Definition with { Steps = [ctx.Definition.Steps[0] with { CompletedAtReceipt = true }, .. ctx.Definition.Steps.Skip(1)] };
        var r = CaseDecider.Receive(Id, new ReceiveCase("XQD-2026-000011", "xa-quang-dien", null, new Applicant("Lê Văn Tám"), ["Hợp đồng"]), ctx with { Definition = def }, "nguyen-van-an", Monday);
        r.Error.ShouldBeNull();
        r.Events.Select(e => e.GetType().Name).ShouldBe(["CaseReceived", "StepStarted", "StepCompleted", "StepStarted"]);
        r.Events[2].ShouldBeOfType<StepCompleted>().ShouldSatisfyAllConditions(c => c.Step.ShouldBe("receive"), c => c.By.ShouldBe("nguyen-van-an"));
        r.Events[3].ShouldBeOfType<StepStarted>().Step.ShouldBe("review");

        // received by someone who does not hold the step's role (an import as recorded), it waits for its holder
        var clerk = CaseDecider.Receive(Id, new ReceiveCase("XQD-2026-000012", "xa-quang-dien", null, new Applicant("Lê Văn Tám"), ["Hợp đồng"]),
            ctx with { Definition = def, AsRecorded = true }, "pham-thi-lan", Monday);
        clerk.Events.OfType<StepCompleted>().ShouldBeEmpty();
    }

    [Fact]
    public void A_step_not_completed_at_receipt_keeps_the_canonical_json_and_hash_of_the_versions_published_before_the_key_existed()
    {
        var step = Context("chung-thuc.hop-dong-dat").Definition.Steps[0];
        IsoEdms.Domain.Documents.Canonical.ToJson(step).ShouldNotContain("completed_at_receipt");
        IsoEdms.Domain.Documents.Canonical.ToJson(step with { CompletedAtReceipt = true }).ShouldContain("\"completed_at_receipt\":true");
    }

    [Fact]
    public void Given_a_same_day_receipt_late_in_the_day_When_its_steps_start_Then_no_step_falls_due_after_the_case()
    {
        // 4 h of steps (1 + 2 + 0.5 + 0.5) for a dossier received at 14:00, due at 17:00 the same day
        var ctx = Context("chung-thuc.ban-sao");
        var at = Local(2026, 3, 2, 14);
        var g = new Given(ctx, Id, "XQD-2026-000009", "xa-quang-dien", "nguyen-van-an", at);
        var caseDue = g.State.Deadline.Due;
        Cal.ToLocal(caseDue).ShouldBe(Local(2026, 3, 2, 17));
        var r = CaseDecider.Complete(g.State, "receive", null, ctx, "nguyen-van-an", at.AddHours(1));
        var review = r.Events.OfType<StepStarted>().Single();
        review.Step.ShouldBe("review");
        review.Due.ShouldBe(caseDue);   // 2 h from 15:00 would be 08:00 the next day
        // finishing review at 17:30 is late for the step as it is for the case
        var done = CaseDecider.Complete(g.State.Apply(r.Events[0]).Apply(review), "review", "approve", ctx, "le-thi-hoa", Local(2026, 3, 2, 17, 30));
        done.Events.OfType<StepCompleted>().Single().Classification.ShouldBe(Timeliness.Timeliness.Late);
    }

    [Fact]
    public void Given_a_case_due_at_09_15_When_swept_later_that_day_Then_it_is_not_overdue_until_its_due_date_has_passed()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");   // 2 working days
        var receipt = Local(2026, 3, 2, 9, 15);
        var g = new Given(ctx, Id, "XQD-2026-000010", "xa-quang-dien", "nguyen-van-an", receipt);
        Cal.ToLocal(g.State.Deadline.Due).ShouldBe(Local(2026, 3, 4, 9, 15));
        var sameDay = CaseDecider.Sweep(g.State, ctx, Local(2026, 3, 4, 16), "sweep");
        sameDay.OfType<CaseOverdue>().ShouldBeEmpty();                 // finished today it would still be on time
        sameDay.OfType<StepOverdue>().ShouldHaveSingleItem();          // the step's own budget is judged by its instant
        CaseDecider.Sweep(g.State, ctx, Local(2026, 3, 5, 8), "sweep").OfType<CaseOverdue>().ShouldHaveSingleItem();
    }

    [Fact]
    public void Given_a_case_inside_a_step_that_stops_the_clock_When_swept_long_after_its_due_date_Then_nothing_is_recorded()
    {
        var g = LandCaseAtTax();
        g.State.Current!.StopsClock.ShouldBeTrue();
        CaseDecider.Sweep(g.State, Context("dat-dai.dang-ky-lan-dau"), Monday.AddDays(60), "sweep").ShouldBeEmpty();
    }

    [Fact]
    public void Given_a_step_that_stops_the_clock_When_completed_Then_the_due_instant_moves_by_its_working_time()
    {
        var g = LandCaseAtTax();
        // 20 working days from Monday 2 March 08:00 fall due on Monday 30 March 08:00
        g.State.Deadline.Due.ShouldBe(Local(2026, 3, 30, 8));
        var done = Local(2026, 3, 5, 7, 30);   // 20 working hours after 13:00 Monday (13:30 Monday to 07:30 Thursday)
        var r = CaseDecider.Complete(g.State, "tax", null, Context("dat-dai.dang-ky-lan-dau"), "chau-van-tai", done);
        var moved = r.Events.OfType<CaseDueMoved>().Single();
        moved.WorkingMinutesExcluded.ShouldBe(20 * 60);
        moved.Due.ShouldBe(Local(2026, 4, 1, 14));   // Monday 30 March 08:00 + 20 working hours
        r.Events.Select(e => e.GetType().Name).ShouldBe(["StepCompleted", "CaseDueMoved", "StepStarted"]);
    }

    [Theory]
    [InlineData(-1, false)]   // the working day before the due date: on time
    [InlineData(0, true)]     // the due date itself: late
    public void Given_an_open_case_When_an_apology_is_issued_Then_it_is_late_only_after_one_working_day_before_the_due_date(int offset, bool late)
    {
        var ctx = Context("dat-dai.dang-ky-lan-dau");
        var g = new Given(ctx, Id, "XQD-2026-000002", "xa-quang-dien", "nguyen-van-an", Monday);
        var dueDate = g.State.Deadline.DueDate;
        var day = offset == 0 ? dueDate : Cal.PreviousWorkingDay(dueDate);
        var at = Local(day.Year, day.Month, day.Day, 16, 30);
        var r = CaseDecider.Apologise(g.State, "Chờ xác minh", g.State.Deadline.Due.AddDays(7), "tran-van-binh", ctx, "nguyen-van-an", at);
        var apology = r.Events.Single().ShouldBeOfType<ApologyIssued>();
        apology.Late.ShouldBe(late);
        apology.LatestTimelyDate.ShouldBe(Cal.PreviousWorkingDay(dueDate));
    }

    [Fact]
    public void Given_an_apology_When_a_second_one_is_asked_Then_it_is_refused_and_the_attempt_is_kept()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");
        var g = new Given(ctx, Id, "XQD-2026-000003", "xa-quang-dien", "nguyen-van-an", Monday)
            .Then(s => CaseDecider.Apologise(s, "Chờ xác minh", s.Deadline.Due.AddDays(3), "tran-van-binh", ctx, "nguyen-van-an", Monday.AddHours(1)));
        var again = CaseDecider.Apologise(g.State, "Lần nữa", g.State.Deadline.Due.AddDays(6), "tran-van-binh", ctx, "nguyen-van-an", Monday.AddHours(2));
        again.Error!.Kind.ShouldBe(ErrorKind.Invalid);
        again.RecordEvenIfRefused.ShouldBeTrue();
        again.Events.Single().ShouldBeOfType<ApologyRepeatRefused>().RequestedAppointment.ShouldBe(g.State.Deadline.Due.AddDays(6));
    }

    [Fact]
    public void Given_an_apology_When_the_case_finishes_after_the_new_appointment_Then_it_is_late_and_the_appointment_missed()
    {
        var ctx = Context("ho-tich.khai-sinh");
        var appointment = Local(2026, 3, 3, 10);
        var g = new Given(ctx, Id, "XQD-2026-000004", "xa-quang-dien", "nguyen-van-an", Monday)
            .Then(s => CaseDecider.Apologise(s, "Chờ trích lục", appointment, "tran-van-binh", ctx, "nguyen-van-an", Monday.AddMinutes(30)))
            .Then(s => CaseDecider.Complete(s, "receive", null, ctx, "nguyen-van-an", Monday.AddHours(1)))
            .Then(s => CaseDecider.Complete(s, "review", "approve", ctx, "le-thi-hoa", Local(2026, 3, 3, 9)));
        var finished = Given.Ok(CaseDecider.Complete(g.State, "sign", null, ctx, "tran-van-binh", Local(2026, 3, 4, 9))).OfType<CaseFinished>().Single();
        (finished.Classification, finished.AppointmentMissed, finished.DueDate, finished.FinishedDate).ShouldBe((Timeliness.Timeliness.Late, true, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 4)));
    }

    [Fact]
    public void Given_an_import_as_recorded_When_the_wrong_person_acts_out_of_order_Then_the_breaches_are_recorded_with_what_happened()
    {
        var ctx = Context("chung-thuc.ban-sao", asRecorded: true);
        var g = new Given(ctx, Id, "XQD-2026-000005", "xa-quang-dien", "nguyen-van-an", Monday);
        // the review is recorded while the receive step was never completed, by a clerk
        var r = CaseDecider.Complete(g.State, "review", "approve", ctx, "pham-thi-lan", Monday.AddHours(1));
        r.Error.ShouldBeNull();
        r.Events.Select(e => e switch { ConformanceBreachRecorded b => "breach:" + b.Rule, _ => e.GetType().Name })
            .ShouldBe(["breach:step-order", "StepStarted", "breach:role", "StepCompleted", "StepStarted"]);

        var strict = CaseDecider.Complete(g.State, "review", "approve", Context("chung-thuc.ban-sao"), "pham-thi-lan", Monday.AddHours(1));
        strict.Error!.ShouldSatisfyAllConditions(e => e.Kind.ShouldBe(ErrorKind.Invalid), e => e.Field.ShouldBe("step"));
        strict.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Given_a_suspension_under_restart_When_resumed_Then_the_full_limit_runs_again_from_the_resubmission()
    {
        var def = Procedure("ho-kinh-doanh.dang-ky") with { SuspensionPolicy = SuspensionPolicy.Restart };
        var ctx = Context("ho-kinh-doanh.dang-ky") with { Definition = def };
        var g = new Given(ctx, Id, "XQD-2026-000006", "xa-quang-dien", "nguyen-van-an", Monday)
            .Then(s => CaseDecider.Suspend(s, SuspensionReason.Supplement, ["Giấy đề nghị"], null, ctx, "nguyen-van-an", Monday.AddHours(1)));
        var resumeAt = Local(2026, 3, 5, 14);
        var resumed = Given.Ok(CaseDecider.Resume(g.State, ctx, "nguyen-van-an", resumeAt)).Single().ShouldBeOfType<CaseResumed>();
        resumed.Due.ShouldBe(Local(2026, 3, 10, 14));   // 3 working days again from Thursday 14:00: Tuesday 14:00
        (resumed.Policy, resumed.PreviousDue).ShouldBe((SuspensionPolicy.Restart, g.State.Deadline.Due));
        resumed.WorkingMinutesPaused.ShouldBe(27 * 60);   // Monday 09:00 to Thursday 14:00: 6 + 8 + 8 + 5 h
    }

    [Fact]
    public void Given_actions_When_time_goes_backwards_Then_the_decision_is_refused_even_as_recorded()
    {
        var ctx = Context("chung-thuc.ban-sao", asRecorded: true);
        var g = new Given(ctx, Id, "XQD-2026-000008", "xa-quang-dien", "nguyen-van-an", Monday);
        var r = CaseDecider.Complete(g.State, "receive", null, ctx, "nguyen-van-an", Monday.AddMinutes(-5));
        r.Error!.Field.ShouldBe("at");
    }
}

public class AsRecordedReceiptTests
{
    [Fact]
    public void Given_a_receipt_imported_as_recorded_before_its_version_took_effect_When_decided_Then_the_receipt_opens_the_stream_and_the_breach_follows()
    {
        var ctx = Shipped.Context("chung-thuc.ban-sao", asRecorded: true);   // v1 takes effect on 2025-07-01
        var r = CaseDecider.Receive(Guid.NewGuid(), new ReceiveCase("HQD-2025-000001", "huyen-quang-dien", null, new Applicant("Đặng Văn Sơn"), []), ctx,
            "nguyen-huu-tho", Shipped.Local(2025, 6, 10, 8));
        r.Error.ShouldBeNull();
        r.Events[0].ShouldBeOfType<CaseReceived>();
        r.Events.OfType<ConformanceBreachRecorded>().ShouldHaveSingleItem().Rule.ShouldBe("procedure-not-effective");
        CaseState.Fold(r.Events)!.Version.ShouldBe(r.Events.Count);   // every event belongs to the case
    }
}
