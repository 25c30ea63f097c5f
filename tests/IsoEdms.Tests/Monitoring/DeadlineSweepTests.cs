using Alba;
using JasperFx.Events;
using Marten.Events;
using IsoEdms.Cases;
using IsoEdms.Cases.Apologising;
using IsoEdms.Cases.Working;
using IsoEdms.Monitoring;
using IsoEdms.Quality;
using IsoEdms.Tests.Cases;
using Marten;
using Wolverine;
using Wolverine.Tracking;

namespace IsoEdms.Tests.Monitoring;

/// <summary>The deadline sweep on a fake clock: overdue recorded exactly once, nonconformities raised once, reminders.</summary>
public class DeadlineSweepTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);

    private async Task<List<string>> EventTypes(Guid id)
    {
        await using var session = seeded.App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.EventTypeName).ToList();
    }

    /// <summary>
    /// The sweep command handled through Wolverine, each call in its own scope (as two nodes would). Invoked inline, a sweep
    /// that lost the race throws; on the job's queue the handler's policy discards it (nothing was written for it).
    /// </summary>
    private async Task Sweep(Guid id)
    {
        using var scope = seeded.App.Host.Services.CreateScope();
        try { await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new SweepCase(id)); }
        catch (Exception ex) when (IsoEdms.Infrastructure.CommandBus.IsLostRace(ex)) { }
    }

    private async Task<List<NonconformityView>> Ncs(string caseCode) =>
        (await seeded.App.Host.GetAsJson<List<NonconformityView>>("/api/nonconformities"))!.Where(n => n.CaseCode == caseCode).OrderBy(n => n.Source).ToList();

    /// <summary>The Hangfire job body, run inside a tracked Wolverine session so every command it sends is handled before we look.</summary>
    private Task<ITrackedSession> RunSweepJob() => seeded.App.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(60)).ExecuteAndWaitAsync((Func<IMessageContext, Task>)(ctx =>
        new DeadlineSweepJob(seeded.App.Host.Services.GetRequiredService<IDocumentStore>(), ctx, seeded.App.Clock).RunAsync()));

    [Fact]
    public async Task the_job_sends_a_case_to_the_sweep_only_when_the_sweep_has_something_to_do_for_it()
    {
        _api.NextWorkingDay(8);
        var c = await _api.Receive("lien-thong.khai-sinh-cu-tru-bhyt", "xa-dan-dien", "dang-van-hung");   // receive step: 8 working hours
        async Task<bool> Swept() => (await RunSweepJob()).Sent.MessagesOf<SweepCase>().Any(m => m.CaseId == c.Id);

        // due today, well within the job's window of days, but eight working hours away: not due soon, not near its risk
        (await Swept()).ShouldBeFalse();
        _api.AdvanceWorking(TimeSpan.FromHours(3));
        (await Swept()).ShouldBeFalse();
        _api.AdvanceWorking(TimeSpan.FromHours(1));   // four working hours left: due soon, and half its budget used
        (await Swept()).ShouldBeTrue();
        (await seeded.App.Host.GetAsJson<List<Notification>>("/api/notifications/dang-van-hung"))!
            .ShouldContain(n => n.CaseId == c.Id && n.Kind == NotificationKinds.DueSoon);
        var details = await _api.Details(c.Id);
        await _api.Act($"/api/cases/{c.Id}/refuse", new IsoEdms.Cases.Closing.RefuseCase(details.Version, "Hồ sơ thử, đóng lại"), "dang-van-hung");
    }

    [Fact]
    public async Task the_head_of_the_unit_hears_once_when_a_step_becomes_at_risk_and_once_when_it_runs_past_its_due()
    {
        _api.NextWorkingDay(8);
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");   // receive step: 2 working hours
        async Task<List<Notification>> HeadHears() =>
            (await seeded.App.Host.GetAsJson<List<Notification>>("/api/notifications/tran-van-binh"))!.Where(n => n.CaseId == c.Id && n.Kind.StartsWith("escalated_", StringComparison.Ordinal)).ToList();

        _api.AdvanceWorking(TimeSpan.FromMinutes(60));   // half the budget: nothing to tell the head yet
        await RunSweepJob();
        (await HeadHears()).ShouldBeEmpty();

        _api.AdvanceWorking(TimeSpan.FromMinutes(35));   // 95 of 120 minutes: at risk
        await RunSweepJob();
        await RunSweepJob();
        var heard = await HeadHears();
        heard.ShouldHaveSingleItem().Kind.ShouldBe(NotificationKinds.EscalatedAtRisk);
        heard[0].Message.ShouldContain("có nguy cơ trễ");

        _api.AdvanceWorking(TimeSpan.FromMinutes(30));   // past its due
        await RunSweepJob();
        await RunSweepJob();
        (await HeadHears()).Select(n => n.Kind).Order().ShouldBe([NotificationKinds.EscalatedAtRisk, NotificationKinds.EscalatedOverdue]);
        // the desk officer holding the step is not the one escalated to
        (await seeded.App.Host.GetAsJson<List<Notification>>("/api/notifications/nguyen-van-an"))!
            .ShouldNotContain(n => n.CaseId == c.Id && n.Kind.StartsWith("escalated_", StringComparison.Ordinal));
        // closed, so the unit's figures of the other tests of this class stay theirs
        var details = await _api.Details(c.Id);
        await _api.Act($"/api/cases/{c.Id}/refuse", new IsoEdms.Cases.Closing.RefuseCase(details.Version, "Hồ sơ thử, đóng lại"), "nguyen-van-an");
    }

    [Fact]
    public async Task a_step_past_its_due_instant_is_recorded_once_with_one_nonconformity_even_when_two_sweeps_race()
    {
        _api.NextWorkingDay(8);
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");   // receive step: 2 working hours
        _api.AdvanceWorking(TimeSpan.FromHours(1));
        await Sweep(c.Id);
        (await EventTypes(c.Id)).ShouldNotContain("step_overdue");
        (await seeded.App.Host.GetAsJson<List<Notification>>("/api/notifications/nguyen-van-an"))!
            .ShouldContain(n => n.CaseId == c.Id && n.Kind == "due_soon");

        _api.AdvanceWorking(TimeSpan.FromHours(2));
        await Task.WhenAll(Sweep(c.Id), Sweep(c.Id));
        await Sweep(c.Id);

        (await EventTypes(c.Id)).Count(t => t == "step_overdue").ShouldBe(1);
        var ncs = await Ncs(c.Code);
        ncs.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            n => n.Source.ShouldBe("step_late"), n => n.Unit.ShouldBe("xa-quang-dien"), n => n.Person.ShouldBe("nguyen-van-an"),
            n => n.Step.ShouldBe("receive"), n => n.DetectedBy.ShouldBe(SweepCaseHandler.Sweeper));
        (await seeded.App.Host.GetAsJson<List<Notification>>("/api/notifications/nguyen-van-an"))!
            .ShouldContain(n => n.CaseId == c.Id && n.Kind == "overdue");
        (await _api.Queue("unit", "xa-quang-dien")).Single(q => q.Id == c.Id).Light.ShouldBe("overdue");

        // the next step gets its own budget and is not overdue
        var details = await _api.Details(c.Id);
        var next = await _api.Act($"/api/cases/{c.Id}/steps/receive/complete", new CompleteStep(details.Version, null), "nguyen-van-an");
        await Sweep(c.Id);
        (await EventTypes(c.Id)).Count(t => t == "step_overdue").ShouldBe(1);
        next.Case!.CurrentStep.ShouldBe("review");
    }

    [Fact]
    public async Task the_job_records_overdue_cases_and_the_missing_apology_once()
    {
        _api.NextWorkingDay(8);
        var silent = await _api.Receive("ho-tich.khai-sinh", "xa-dan-dien", "ngo-thi-thu");
        var apologised = await _api.Receive("ho-tich.khai-sinh", "xa-dan-dien", "ngo-thi-thu");
        // the same-day limit: the apology is due by the previous working day, so on the day itself it is late
        apologised = await _api.Act($"/api/cases/{apologised.Id}/apology",
            new IssueApology(apologised.Version, "Chờ xác minh thông tin cha mẹ", apologised.Case!.Due.AddDays(2), "bui-thi-ngoc"), "ngo-thi-thu");
        apologised.Case!.ApologyLate.ShouldBe(true);

        _api.NextWorkingDay(9);
        await RunSweepJob();
        await RunSweepJob();

        foreach (var id in new[] { silent.Id, apologised.Id })
        {
            var types = await EventTypes(id);
            types.Count(t => t == "case_overdue").ShouldBe(1);
            types.Count(t => t == "step_overdue").ShouldBe(1);
        }
        (await Ncs(silent.Code)).Select(n => (n.Source, n.Severity)).ShouldBe([("apology_missing", "major"), ("case_late", "major"), ("step_late", "minor")]);
        // a late apology is a nonconformity of its own, and does not count as timely
        (await Ncs(apologised.Code)).Select(n => n.Source).ShouldBe(["apology_late", "apology_missing", "case_late", "step_late"]);
        (await seeded.App.Host.GetAsJson<List<Notification>>("/api/notifications/bui-thi-ngoc"))!
            .ShouldContain(n => n.CaseId == silent.Id && n.Kind == "case_overdue");
    }

    [Fact]
    public async Task a_suspended_case_is_not_overdue_while_its_clock_is_stopped()
    {
        _api.NextWorkingDay(8);
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        c = await _api.Act($"/api/cases/{c.Id}/suspend", new IsoEdms.Cases.Suspending.SuspendCase(c.Version, "supplement", ["Bản chính hợp đồng"], null), "nguyen-van-an");
        _api.AdvanceWorking(TimeSpan.FromHours(40));
        await RunSweepJob();
        (await EventTypes(c.Id)).ShouldNotContain(t => t.EndsWith("_overdue"));
        (await Ncs(c.Code)).ShouldBeEmpty();
    }

    private async Task<int> OverdueInProgress(string unit, int year)
    {
        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var rows = await seeded.App.Host.GetAsJson<List<TimelinessRow>>($"/api/reports/timeliness?by=unit&level=case&unit={unit}&from={year}-01-01&to={year}-12-31");
        return rows!.SingleOrDefault(r => r.Key == unit)?.OverdueInProgress ?? 0;
    }

    [Fact]
    public async Task the_report_of_a_year_not_yet_ended_counts_overdue_as_of_today_and_not_while_the_clock_stands_still()
    {
        _api.NextWorkingDay(8);
        var year = IsoEdms.Organisation.OrgLoad.Today(seeded.App.Clock).Year;
        var before = await OverdueInProgress("xa-quang-dien", year);
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");   // due in 2 working days, long before 31 December
        (await OverdueInProgress("xa-quang-dien", year)).ShouldBe(before);

        _api.AdvanceWorking(TimeSpan.FromHours(40));
        (await OverdueInProgress("xa-quang-dien", year)).ShouldBe(before + 1);

        // the applicant is asked for a supplement after the due date: while the case waits, its clock stands still
        c = await _api.Act($"/api/cases/{c.Id}/suspend", new IsoEdms.Cases.Suspending.SuspendCase(c.Version, "supplement", ["Bản chính hợp đồng"], null), "nguyen-van-an");
        (await OverdueInProgress("xa-quang-dien", year)).ShouldBe(before);
    }
}
