using System.Globalization;
using Alba;
using IsoEdms.Cases;
using IsoEdms.Cases.Apologising;
using IsoEdms.Cases.Closing;
using IsoEdms.Cases.Suspending;
using IsoEdms.Cases.Working;
using IsoEdms.Domain.Calendars;
using IsoEdms.Procedures;

namespace IsoEdms.Tests.Cases;

/// <summary>Dossiers of five sample procedures from receipt to hand-back, as the desks and agencies would run them.</summary>
public class CaseScenarioTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);
    private WorkingCalendar Cal => _api.Calendar;

    private static string Url(Guid id, string rest) => $"/api/cases/{id}/{rest}";

    private async Task<CaseCommandResult> Complete(CaseCommandResult c, string step, string by, string? outcome = null) =>
        await _api.Act(Url(c.Id, $"steps/{step}/complete"), new CompleteStep(c.Version, outcome), by);

    private DateTimeOffset At(int hour, int minute = 0) => _api.AdvanceTo(_api.Local(Cal.LocalDate(_api.Now), hour, minute));

    [Fact]
    public async Task a_same_day_certification_runs_every_step_on_the_day_and_is_delivered()
    {
        var received = _api.NextWorkingDay(8);
        var c = await _api.Receive("chung-thuc.ban-sao", "phuong-thuan-hoa", "truong-thi-ha");
        c.Case!.DueDate.ShouldBe(Cal.LocalDate(received));
        At(8, 30); c = await Complete(c, "receive", "truong-thi-ha");
        At(9, 30); c = await Complete(c, "review", "mai-van-tuan", "approve");
        At(10, 0); c = await Complete(c, "sign", "ton-nu-minh-chau");
        At(10, 20); c = await Complete(c, "record", "truong-thi-ha");
        c.Events.ShouldBe(["step_completed", "step_started", "case_finished"]);
        c.Case!.ShouldSatisfyAllConditions(d => d.Status.ShouldBe("finished"), d => d.Classification.ShouldBe("on_time"), d => d.CurrentStep.ShouldBe("hand-back"));
        (await _api.Queue("person", "truong-thi-ha")).ShouldContain(q => q.Id == c.Id && q.AtDesk);

        At(14, 0);
        c = await Complete(c, "hand-back", "truong-thi-ha");
        c.Events.ShouldBe(["step_completed", "case_delivered"]);
        var d = c.Case!;
        d.Status.ShouldBe("delivered");
        d.Slip.Select(s => (s.Kind, s.FromStep, s.Giver, s.ToStep)).ShouldBe([
            ("receipt", null, "Trần Thị Bình", "receive"), ("handover", "receive", "truong-thi-ha", "review"), ("handover", "review", "mai-van-tuan", "sign"),
            ("handover", "sign", "ton-nu-minh-chau", "record"), ("handover", "record", "truong-thi-ha", "hand-back"), ("handover", "hand-back", "truong-thi-ha", "")]);
        // steps finished on their due date are on time; the hand-back step has no budget and is not classified
        d.Slip.Skip(1).Select(s => s.Classification).ShouldBe(["on_time", "on_time", "on_time", "on_time", null]);
        (await _api.Queue("unit", "phuong-thuan-hoa")).ShouldNotContain(q => q.Id == c.Id);
        (await seeded.App.Host.GetAsJson<RegisterPage>($"/api/cases?status=delivered&procedure=chung-thuc.ban-sao&code={d.Code}"))!.Total.ShouldBe(1);

        // after the 15:00 cut-off the clock starts at the next working day's opening
        var late = At(15, 30);
        var next = await _api.Receive("chung-thuc.ban-sao", "phuong-thuan-hoa", "truong-thi-ha");
        next.Case!.ClockStart.ShouldBe(Cal.ClockStart(late, new TimeOnly(15, 0)));
        next.Case.DueDate.ShouldBe(Cal.LocalDate(next.Case.ClockStart));
        next.Case.DueDate.ShouldBeGreaterThan(Cal.LocalDate(late));
    }

    [Fact]
    public async Task an_inter_agency_registration_pauses_for_verification_and_goes_back_once()
    {
        _api.NextWorkingDay(8);
        var c = await _api.Receive("lien-thong.khai-sinh-cu-tru-bhyt", "xa-dan-dien", "dang-van-hung");
        var statutory = c.Case!.Due;
        At(9); c = await Complete(c, "civil-status", "dang-van-hung", "approve");
        c.Case!.ShouldSatisfyAllConditions(d => d.CurrentStep.ShouldBe("residence"), d => d.CurrentUnit.ShouldBe("cong-an-hue"));
        (await _api.Queue("person", "vu-van-cuong")).ShouldContain(q => q.Id == c.Id);

        At(10);
        c = await _api.Act(Url(c.Id, "suspend"), new SuspendCase(c.Version, "verification", null, "Xác minh nơi cư trú của cha mẹ"), "vu-van-cuong");
        var stepDue = c.Case!.StepDue!.Value;
        _api.AdvanceWorking(TimeSpan.FromHours(3));
        c = await _api.Act(Url(c.Id, "resume"), new ResumeCase(c.Version), "vu-van-cuong");
        c.Case!.Due.ShouldBe(Cal.AddWorkingTime(statutory, TimeSpan.FromHours(3)));   // pause: the due instant moves by the time suspended
        c.Case.StepDue.ShouldBe(Cal.AddWorkingTime(stepDue, TimeSpan.FromHours(3)));
        c.Case.Timeline.ShouldContain(t => t.Event == "case_resumed" && t.Note!.StartsWith("pause"));

        _api.AdvanceWorking(TimeSpan.FromHours(1));
        c = await Complete(c, "residence", "vu-van-cuong");
        _api.AdvanceWorking(TimeSpan.FromHours(1));
        c = await _api.Act(Url(c.Id, "return"), new ReturnCase(c.Version, "residence", "Thiếu số định danh cá nhân của trẻ"), "ly-thi-nga");
        c.Case!.ShouldSatisfyAllConditions(d => d.CurrentStep.ShouldBe("residence"), d => d.CurrentUnit.ShouldBe("cong-an-hue"));
        _api.AdvanceWorking(TimeSpan.FromHours(1));
        c = await Complete(c, "residence", "vu-van-cuong");
        _api.AdvanceWorking(TimeSpan.FromHours(1));
        c = await Complete(c, "health-card", "ly-thi-nga");

        var d = c.Case!;
        d.Status.ShouldBe("finished");
        d.Classification.ShouldBe("early");   // finished on a working date before the due date
        d.Slip.Where(s => s.Kind == "handover").Select(s => (s.FromUnit, s.ToUnit)).ShouldBe([
            ("xa-dan-dien", "cong-an-hue"), ("cong-an-hue", "bhxh-hue"), ("cong-an-hue", "bhxh-hue"), ("bhxh-hue", "xa-dan-dien")]);
        d.Slip.Single(s => s.Kind == "return").ShouldSatisfyAllConditions(s => s.FromUnit.ShouldBe("bhxh-hue"), s => s.Giver.ShouldBe("ly-thi-nga"));
        d.Suspensions.ShouldBe(1);
    }

    [Fact]
    public async Task a_new_version_with_the_restart_policy_applies_to_new_cases_while_older_ones_keep_pause()
    {
        _api.NextWorkingDay(8);
        var older = await _api.Receive("ho-kinh-doanh.dang-ky", "xa-quang-dien", "nguyen-van-an");
        older.Case!.SuspensionPolicy.ShouldBe("pause");

        var v1 = File.ReadAllText(Path.Combine(Cli.Processes("procedures"), "ho-kinh-doanh.dang-ky", "v1.yaml"));
        var v2 = v1.Replace("version: 1", "version: 2")
            .Replace("effective_from: 2025-07-01", $"effective_from: {Cal.LocalDate(_api.Now):yyyy-MM-dd}")
            .Replace("time_limit:", "suspension_policy: restart\ntime_limit:");
        await seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(new PublishProcedures([new ProcedureFileUpload("procedures/ho-kinh-doanh.dang-ky/v2.yaml", v2)])).ToUrl("/api/procedures/publish");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("ho-thi-xuan"));
            s.StatusCodeShouldBe(200);
        });
        At(9);
        var newer = await _api.Receive("ho-kinh-doanh.dang-ky", "xa-quang-dien", "nguyen-van-an");
        (newer.Case!.ProcedureVersion, newer.Case.SuspensionPolicy).ShouldBe((2, "restart"));

        At(10);
        older = await _api.Act(Url(older.Id, "suspend"), new SuspendCase(older.Version, "supplement", ["Giấy đề nghị đăng ký hộ kinh doanh có chữ ký"], null), "nguyen-van-an");
        newer = await _api.Act(Url(newer.Id, "suspend"), new SuspendCase(newer.Version, "supplement", ["Bản sao hợp đồng thuê nhà"], null), "nguyen-van-an");
        var olderDue = older.Case!.Due;
        var resumeAt = _api.AdvanceWorking(TimeSpan.FromHours(10));
        older = await _api.Act(Url(older.Id, "resume"), new ResumeCase(older.Version), "nguyen-van-an");
        newer = await _api.Act(Url(newer.Id, "resume"), new ResumeCase(newer.Version), "nguyen-van-an");

        older.Case!.Due.ShouldBe(Cal.AddWorkingTime(olderDue, TimeSpan.FromHours(10)));
        newer.Case!.Due.ShouldBe(Deadlines.Compute(Cal, resumeAt, TimeLimit.WorkingDays(3)).Due);   // restart: the full 3 days from resubmission
        newer.Case.StepDue.ShouldBe(Cal.AddWorkingTime(newer.Case.ClockStart, TimeSpan.FromHours(2)));
        older.Case.ProcedureVersion.ShouldBe(1);
    }

    [Fact]
    public async Task land_registration_excludes_the_tax_period_and_records_apologies_on_time_and_too_late()
    {
        _api.NextWorkingDay(8);
        async Task<CaseCommandResult> ToTax()
        {
            var c = await _api.Receive("dat-dai.dang-ky-lan-dau", "xa-quang-dien", "nguyen-van-an");
            _api.AdvanceWorking(TimeSpan.FromHours(2)); c = await Complete(c, "receive", "nguyen-van-an");
            _api.AdvanceWorking(TimeSpan.FromHours(16)); c = await Complete(c, "confirm", "vo-thi-mai", "approve");
            _api.AdvanceWorking(TimeSpan.FromHours(24)); c = await Complete(c, "appraise", "kieu-thi-dung");
            c.Case!.CurrentUnit.ShouldBe("thue-hue");
            return c;
        }

        var a = await ToTax();
        var statutory = a.Case!.Due;
        _api.AdvanceWorking(TimeSpan.FromHours(16));
        a = await Complete(a, "tax", "chau-van-tai");
        a.Events.ShouldBe(["step_completed", "case_due_moved", "step_started"]);
        a.Case!.Due.ShouldBe(Cal.AddWorkingTime(statutory, TimeSpan.FromHours(16)));   // the tax office's time does not count

        // on time: at least one working day before the due date
        var onTime = Cal.PreviousWorkingDay(Cal.PreviousWorkingDay(a.Case.DueDate));
        _api.AdvanceTo(_api.Local(onTime, 9));
        var appointment = _api.Local(Cal.NextWorkingDay(Cal.NextWorkingDay(a.Case.DueDate)), 16);
        a = await _api.Act(Url(a.Id, "apology"), new IssueApology(a.Version, "Chờ bổ sung bản đồ địa chính", appointment, "kieu-thi-dung"), "kieu-thi-dung");
        a.Case!.ShouldSatisfyAllConditions(d => d.ApologyLate.ShouldBe(false), d => d.NewAppointment.ShouldBe(appointment));

        // case A finishes after its due date but before the new appointment: late for the statistics all the same (rule 13)
        _api.AdvanceTo(_api.Local(Cal.NextWorkingDay(a.Case!.DueDate), 8));
        a = await Complete(a, "certificate", "kieu-thi-dung");
        a = await Complete(a, "sign", "kieu-thi-dung");
        var finished = a.Case!;
        finished.ShouldSatisfyAllConditions(d => d.Status.ShouldBe("finished"), d => d.Classification.ShouldBe("late"));
        finished.Slip.Single(s => s.FromStep == "certificate").Classification.ShouldBe("late");

        // too late: on the due date itself
        var b = await ToTax();
        b = await Complete(b, "tax", "chau-van-tai");
        _api.AdvanceTo(_api.Local(b.Case!.DueDate, 9));
        b = await _api.Act(Url(b.Id, "apology"), new IssueApology(b.Version, "Hồ sơ phức tạp", b.Case.Due.AddDays(5), "kieu-thi-dung"), "kieu-thi-dung");
        b.Case!.ApologyLate.ShouldBe(true);
        b.Case.Timeline.Last().Note!.ShouldContain("late: after " + Cal.PreviousWorkingDay(b.Case.DueDate).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task a_land_dossier_is_refused_at_the_commune_and_a_health_dossier_is_stopped_at_the_centre()
    {
        _api.NextWorkingDay(8);
        var land = await _api.Receive("dat-dai.dang-ky-lan-dau", "xa-quang-dien", "nguyen-van-an");
        land = await Complete(land, "receive", "nguyen-van-an");
        land = await Complete(land, "confirm", "vo-thi-mai", "reject");
        land.Events.ShouldBe(["step_completed", "case_refused"]);
        land.Case!.ShouldSatisfyAllConditions(d => d.Status.ShouldBe("refused"), d => d.CloseReason.ShouldBe("outcome 'reject' of step 'confirm'"));

        var health = await _api.Receive("y-te.co-so-lao-dong-khuyet-tat", "tt-pvhcc-hue", "nguyen-thi-thanh");
        health.Case!.LeadUnit.ShouldBe("so-y-te-hue");
        health = await Complete(health, "receive", "nguyen-thi-thanh");
        health = await _api.Act(Url(health.Id, "steps/assign/assign"), new AssignStep(health.Version, "nguyen-thi-hanh"), "nguyen-thi-hanh");
        health = await Complete(health, "assign", "nguyen-thi-hanh");
        health = await _api.Act(Url(health.Id, "stop"), new StopCase(health.Version, "Cơ sở có văn bản xin rút hồ sơ"), "nguyen-thi-thanh");
        health.Case!.ShouldSatisfyAllConditions(d => d.Status.ShouldBe("stopped"), d => d.CloseReason.ShouldBe("Cơ sở có văn bản xin rút hồ sơ"));
        (await seeded.App.Host.GetAsJson<RegisterPage>("/api/cases?unit=so-y-te-hue&status=stopped"))!.Items.ShouldContain(r => r.Id == health.Id);
    }
}
