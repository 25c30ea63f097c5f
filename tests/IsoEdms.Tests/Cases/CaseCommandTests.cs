using System.Globalization;
using Alba;
using IsoEdms.Cases;
using IsoEdms.Cases.Apologising;
using IsoEdms.Cases.Closing;
using IsoEdms.Cases.Receiving;
using IsoEdms.Cases.Suspending;
using IsoEdms.Cases.Working;
using IsoEdms.Domain.Calendars;

namespace IsoEdms.Tests.Cases;

/// <summary>Every case command over HTTP: happy path, 404, 409 (stale version and state), 403 (role, unit), 422 (procedure).</summary>
public class CaseCommandTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private const string Procedure = "chung-thuc.hop-dong-dat";
    private const string Unit = "xa-quang-dien";
    private readonly CaseApi _api = new(seeded.App);

    private static string Url(Guid id, string rest) => $"/api/cases/{id}/{rest}";

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<CaseCommandResult> AtReview()
    {
        _api.NextWorkingDay(8);
        var r = await _api.Receive(Procedure, Unit, "nguyen-van-an");
        return await _api.Act(Url(r.Id, "steps/receive/complete"), new CompleteStep(r.Version, null), "nguyen-van-an");
    }

    [Fact]
    public async Task receiving_opens_the_case_with_its_code_deadline_and_first_step()
    {
        _api.NextWorkingDay(8, 30).ShouldBe(Utc("2026-03-03T01:30Z"));   // Tuesday 08:30 in Huế
        var r = await _api.Receive(Procedure, Unit, "nguyen-van-an");

        r.Code.ShouldMatch(@"^XQD-2026-\d{6}$");
        r.Version.ShouldBe(2);
        r.Events.ShouldBe(["case_received", "step_started"]);
        var d = r.Case!;
        (d.Status, d.CurrentStep, d.CurrentUnit, d.Assignee).ShouldBe(("in_progress", "receive", Unit, "nguyen-van-an"));
        // 2 working days of 8 h from Tuesday 08:30: 6.5 h on Tuesday, 8 h on Wednesday, 1.5 h on Thursday
        (d.Due, d.DueDate, d.ClockStart).ShouldBe((Utc("2026-03-05T01:30Z"), new DateOnly(2026, 3, 5), Utc("2026-03-03T01:30Z")));
        (d.ProcedureVersion, d.CalendarVersion, d.ClassificationPolicy, d.LeadUnit).ShouldBe((1, 3, "vn-2025", Unit));
        d.ContentHash.ShouldMatch("^[0-9a-f]{64}$");
        d.Slip.Single().ShouldSatisfyAllConditions(s => s.Kind.ShouldBe("receipt"), s => s.Receiver.ShouldBe("nguyen-van-an"), s => s.ToStep.ShouldBe("receive"));

        // the receive step has 2 working hours: due within 4 working hours from the start
        (await _api.Queue("person", "nguyen-van-an")).ShouldContain(q => q.Id == r.Id && q.Step == "receive" && q.Light == "due_soon");
        (await _api.Queue("unit", Unit)).ShouldContain(q => q.Id == r.Id);
        (await _api.Queue("person", "le-thi-hoa")).ShouldNotContain(q => q.Id == r.Id);
        _api.AdvanceWorking(TimeSpan.FromHours(2.5));
        (await _api.Queue("person", "nguyen-van-an")).ShouldContain(q => q.Id == r.Id && q.Light == "overdue");
        var page = await seeded.App.Host.GetAsJson<RegisterPage>($"/api/cases?code={r.Code}&unit={Unit}");
        page!.Total.ShouldBe(1);
        page.Items.Single().Id.ShouldBe(r.Id);
    }

    [Fact]
    public async Task a_retried_receipt_with_the_same_idempotency_key_returns_the_same_case()
    {
        _api.NextWorkingDay(9);
        var key = $"retry-{Guid.NewGuid():N}";
        var first = await _api.Receive(Procedure, Unit, "nguyen-van-an", key);
        var again = await _api.Send("/api/cases", new ReceiveCaseRequest(Procedure, Unit, null, new("Trần Thị Bình"), [], key), "nguyen-van-an", 200);
        var second = (await again.ReadAsJsonAsync<CaseCommandResult>())!;
        second.Id.ShouldBe(first.Id);
        second.Code.ShouldBe(first.Code);
        second.Events.ShouldBeEmpty();
        (await seeded.App.Host.GetAsJson<RegisterPage>($"/api/cases?code={first.Code}"))!.Total.ShouldBe(1);
    }

    [Fact]
    public async Task a_receipts_answer_shows_the_case_exactly_as_the_commit_stored_it()
    {
        // the answer's case is folded in memory from the committed events, not read back: it must be the stored document,
        // timeline timestamps, version and last seal included
        _api.NextWorkingDay(10);
        var posted = await _api.Send("/api/cases", new ReceiveCaseRequest(Procedure, Unit, null, new("Lê Văn Tám", "046190000777"), ["Đơn đề nghị"],
            $"fold-{Guid.NewGuid():N}"), "nguyen-van-an", 201);
        var answer = System.Text.Json.Nodes.JsonNode.Parse(await posted.ReadAsTextAsync())!;
        var id = answer["id"]!.GetValue<Guid>();
        var stored = await seeded.App.Host.Scenario(s =>
        {
            s.Get.Url($"/api/cases/{id}");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("nguyen-van-an"));
        });
        var document = System.Text.Json.Nodes.JsonNode.Parse(await stored.ReadAsTextAsync())!;
        document["timeline"]!.AsArray().Count.ShouldBe(2);
        document["last_seal"]!.GetValue<string>().ShouldMatch("^[0-9a-f]{64}$");
        System.Text.Json.Nodes.JsonNode.DeepEquals(answer["case"], document).ShouldBeTrue($"answer: {answer["case"]}\nstored: {document}");
    }

    [Fact]
    public async Task a_receipt_is_refused_for_the_wrong_person_unit_or_procedure()
    {
        _api.NextWorkingDay(9);
        ReceiveCaseRequest Req(string procedure = Procedure, string unit = Unit) => new(procedure, unit, null, new("Lê Văn Cường"), [], Guid.NewGuid().ToString());
        (await _api.Fail("/api/cases", Req(), "le-thi-hoa", 403)).Detail.ShouldContain("is not a vt.reception-officer of xa-quang-dien");
        (await _api.Fail("/api/cases", Req(), "ngo-thi-thu", 403)).Detail.ShouldContain("xa-quang-dien");
        (await _api.Fail("/api/auth/token", new { person = "nobody-here", password = IsoEdms.Access.Passwords.Demo }, null, 401)).Detail.ShouldContain("unknown person or wrong password");
        (await _api.Fail("/api/cases", Req("chung-thuc.khong-co"), "nguyen-van-an", 422)).Errors!.Keys.ShouldBe(["procedure"]);
        var ended = await _api.Fail("/api/cases", Req(unit: "huyen-quang-dien"), "nguyen-van-an", 422);
        ended.Errors!.Keys.ShouldBe(["receiving_unit"]);
        ended.Detail.ShouldContain("ended on 2025-07-01 (merged into xa-quang-dien, xa-dan-dien)");
        (await _api.Fail("/api/cases", Req(), null, 401)).Status.ShouldBe(401);
    }

    [Fact]
    public async Task a_step_is_completed_only_as_the_pinned_definition_allows()
    {
        var r = await AtReview();
        r.Version.ShouldBe(4);
        var url = Url(r.Id, "steps/review/complete");
        var wrongOutcome = await _api.Fail(url, new CompleteStep(r.Version, "maybe"), "le-thi-hoa", 422);
        wrongOutcome.Errors!.Keys.ShouldBe(["outcome"]);
        wrongOutcome.Detail.ShouldContain("allowed: approve, reject");
        (await _api.Fail(url, new CompleteStep(r.Version, null), "le-thi-hoa", 422)).Errors!.Keys.ShouldBe(["outcome"]);
        (await _api.Fail(Url(r.Id, "steps/sign/complete"), new CompleteStep(r.Version, null), "tran-van-binh", 422)).Errors!.Keys.ShouldBe(["step"]);
        (await _api.Fail(url, new CompleteStep(r.Version, "approve"), "pham-thi-lan", 403)).Detail.ShouldContain("is not a vt.justice-officer of xa-quang-dien");
        (await _api.Fail(url, new CompleteStep(r.Version, "approve"), "dang-van-hung", 403)).Detail.ShouldContain("xa-quang-dien");

        var done = await _api.Act(url, new CompleteStep(r.Version, "approve"), "le-thi-hoa");
        done.Version.ShouldBe(6);
        done.Case!.CurrentStep.ShouldBe("sign");
        var handover = done.Case.Slip.Last();
        (handover.Kind, handover.FromStep, handover.Giver, handover.ToStep, handover.Note).ShouldBe(("handover", "review", "le-thi-hoa", "sign", "approve"));
        handover.Classification.ShouldBe("early");
    }

    public static TheoryData<string, string> Commands => new()
    {
        { "steps/receive/claim", """{"version":2}""" },
        { "steps/receive/assign", """{"version":2,"person":"nguyen-van-an"}""" },
        { "steps/receive/complete", """{"version":2}""" },
        { "return", """{"version":2,"to_step":"receive","reason":"thiếu giấy tờ"}""" },
        { "transfer", """{"version":2,"to_unit":"xa-dan-dien"}""" },
        { "suspend", """{"version":2,"reason":"supplement","items":["bản sao sổ đỏ"]}""" },
        { "resume", """{"version":2}""" },
        { "apology", """{"version":2,"reason":"chờ xác minh","new_due":"2027-01-05T17:00:00+07:00","approved_by":"tran-van-binh"}""" },
        { "refuse", """{"version":2,"reason":"không đủ điều kiện"}""" },
        { "stop", """{"version":2,"reason":"người dân rút hồ sơ"}""" },
    };

    [Theory, MemberData(nameof(Commands))]
    public async Task every_case_command_answers_404_for_an_unknown_case(string command, string body)
    {
        var r = await seeded.App.Host.Scenario(s =>
        {
            s.Post.Text(body).ToUrl(Url(Guid.NewGuid(), command));
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("nguyen-van-an"));
            s.StatusCodeShouldBe(404);
        });
        (await r.ReadAsTextAsync()).ShouldContain("there is no case");
    }

    [Theory, MemberData(nameof(Commands))]
    public async Task every_case_command_answers_409_on_a_stale_version(string command, string body)
    {
        _api.NextWorkingDay(10);
        var fresh = await _api.Receive(Procedure, Unit, "nguyen-van-an");
        var moved = await _api.Act(Url(fresh.Id, "steps/receive/claim"), new ClaimStep(fresh.Version), "nguyen-van-an");
        await _api.Act(Url(fresh.Id, "suspend"), new SuspendCase(moved.Version, "supplement", ["bản sao"], null), "nguyen-van-an");
        var r = await seeded.App.Host.Scenario(s =>
        {
            s.Post.Text(body).ToUrl(Url(fresh.Id, command));
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("nguyen-van-an"));
            s.StatusCodeShouldBe(409);
        });
        var text = await r.ReadAsTextAsync();
        text.ShouldContain("the case is at version 3, you sent 2");
        text.ShouldContain("\"current_version\":3");
    }

    public static TheoryData<string, string> CommandsAtReview => new()
    {
        { "steps/review/claim", """{"version":V}""" },
        { "steps/review/assign", """{"version":V,"person":"le-thi-hoa"}""" },
        { "steps/review/complete", """{"version":V,"outcome":"approve"}""" },
        { "return", """{"version":V,"to_step":"receive","reason":"thiếu giấy tờ"}""" },
        { "transfer", """{"version":V,"to_unit":"xa-dan-dien"}""" },
        { "suspend", """{"version":V,"reason":"supplement","items":["bản sao sổ đỏ"]}""" },
        { "resume", """{"version":V}""" },
        { "apology", """{"version":V,"reason":"chờ xác minh","new_due":"2027-06-30T17:00:00+07:00","approved_by":"tran-van-binh"}""" },
        { "refuse", """{"version":V,"reason":"không đủ điều kiện"}""" },
        { "stop", """{"version":V,"reason":"người dân rút hồ sơ"}""" },
    };

    /// <summary>Ngô Thị Thu is a reception officer of xa-dan-dien: she holds no role in xa-quang-dien.</summary>
    [Theory, MemberData(nameof(CommandsAtReview))]
    public async Task every_case_command_answers_403_to_a_person_of_another_unit(string command, string body)
    {
        var r = await AtReview();
        if (command == "resume")
            r = await _api.Act(Url(r.Id, "suspend"), new SuspendCase(r.Version, "verification", null, "Xác minh nguồn gốc đất"), "le-thi-hoa");
        var res = await seeded.App.Host.Scenario(s =>
        {
            s.Post.Text(body.Replace("V", r.Version.ToString(CultureInfo.InvariantCulture))).ToUrl(Url(r.Id, command));
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("ngo-thi-thu"));
            s.StatusCodeShouldBe(403);
        });
        (await res.ReadAsTextAsync()).ShouldContain("ngo-thi-thu");
        (await _api.Details(r.Id)).Version.ShouldBe(r.Version);
    }

    [Fact]
    public async Task claiming_and_assigning_follow_roles_and_the_head_of_the_unit()
    {
        var r = await AtReview();
        var claim = Url(r.Id, "steps/review/claim");
        (await _api.Fail(claim, new ClaimStep(r.Version), "pham-thi-lan", 403)).Detail.ShouldContain("justice-officer");
        var claimed = await _api.Act(claim, new ClaimStep(r.Version), "le-thi-hoa");
        claimed.Case!.Assignee.ShouldBe("le-thi-hoa");
        (await _api.Queue("person", "le-thi-hoa")).ShouldContain(q => q.Id == r.Id && q.Assignee == "le-thi-hoa");

        var assign = Url(r.Id, "steps/review/assign");
        (await _api.Fail(assign, new AssignStep(claimed.Version, "le-thi-hoa"), "le-thi-hoa", 403)).Detail.ShouldContain("only the head of xa-quang-dien");
        (await _api.Fail(assign, new AssignStep(claimed.Version, "pham-thi-lan"), "tran-van-binh", 422)).Errors!.Keys.ShouldBe(["person"]);
        (await _api.Fail(Url(r.Id, "steps/review/complete"), new CompleteStep(claimed.Version, "approve"), "tran-van-binh", 403)).Status.ShouldBe(403);
    }

    [Fact]
    public async Task a_dossier_goes_back_only_to_a_step_it_has_passed()
    {
        var r = await AtReview();
        var atSign = await _api.Act(Url(r.Id, "steps/review/complete"), new CompleteStep(r.Version, "approve"), "le-thi-hoa");
        var url = Url(r.Id, "return");
        (await _api.Fail(url, new ReturnCase(atSign.Version, "record", "sai"), "tran-van-binh", 422)).Errors!.Keys.ShouldBe(["to_step"]);
        (await _api.Fail(url, new ReturnCase(atSign.Version, "review", " "), "tran-van-binh", 422)).Errors!.Keys.ShouldBe(["reason"]);
        (await _api.Fail(url, new ReturnCase(atSign.Version, "review", "thiếu chữ ký"), "le-thi-hoa", 403)).Status.ShouldBe(403);
        var back = await _api.Act(url, new ReturnCase(atSign.Version, "review", "Hợp đồng thiếu chữ ký bên B"), "tran-van-binh");
        back.Events.ShouldBe(["case_returned", "step_started"]);
        back.Case!.CurrentStep.ShouldBe("review");
        back.Case.Slip.Last().ShouldSatisfyAllConditions(s => s.Kind.ShouldBe("return"), s => s.Giver.ShouldBe("tran-van-binh"), s => s.ToStep.ShouldBe("review"));
    }

    [Fact]
    public async Task a_step_can_be_transferred_to_another_unit_which_then_holds_it()
    {
        var r = await AtReview();
        var url = Url(r.Id, "transfer");
        (await _api.Fail(url, new TransferCase(r.Version, "huyen-quang-dien", null), "le-thi-hoa", 422)).Detail.ShouldContain("ended on 2025-07-01");
        (await _api.Fail(url, new TransferCase(r.Version, "xa-khong-co", null), "le-thi-hoa", 422)).Errors!.Keys.ShouldBe(["to_unit"]);
        (await _api.Fail(url, new TransferCase(r.Version, "xa-dan-dien", null), "pham-thi-lan", 403)).Status.ShouldBe(403);
        var moved = await _api.Act(url, new TransferCase(r.Version, "xa-dan-dien", "Thửa đất thuộc địa bàn xã Đan Điền"), "le-thi-hoa");
        moved.Case!.CurrentUnit.ShouldBe("xa-dan-dien");
        (await _api.Queue("unit", "xa-dan-dien")).ShouldContain(q => q.Id == r.Id);
        (await _api.Queue("unit", Unit)).ShouldNotContain(q => q.Id == r.Id);
        var complete = Url(r.Id, "steps/review/complete");
        (await _api.Fail(complete, new CompleteStep(moved.Version, "approve"), "le-thi-hoa", 403)).Detail.ShouldContain("xa-dan-dien");
        var done = await _api.Act(complete, new CompleteStep(moved.Version, "approve"), "dang-van-hung");
        done.Case!.Slip.Select(s => s.Kind).ShouldBe(["receipt", "handover", "transfer", "handover"]);
    }

    [Fact]
    public async Task a_suspension_stops_the_clock_until_the_case_resumes()
    {
        _api.NextWorkingDay(8);   // Tuesday 3 March, 08:00 in Huế
        var r = await _api.Receive(Procedure, Unit, "nguyen-van-an");
        (r.Case!.Due, r.Case.StepDue).ShouldBe((Utc("2026-03-05T01:00Z"), Utc("2026-03-03T03:00Z")));   // Thursday 08:00; the receive step's 2 h
        var url = Url(r.Id, "suspend");
        (await _api.Fail(url, new SuspendCase(r.Version, "supplement", [], null), "nguyen-van-an", 400)).Errors!.Keys.ShouldBe(["items"]);
        (await _api.Fail(url, new SuspendCase(r.Version, "holiday", null, null), "nguyen-van-an", 400)).Errors!.Keys.ShouldBe(["reason"]);
        (await _api.Fail(url, new SuspendCase(r.Version, "supplement", ["bản sao"], null), "le-thi-hoa", 403)).Status.ShouldBe(403);
        var suspended = await _api.Act(url, new SuspendCase(r.Version, "supplement", ["Bản sao Giấy chứng nhận quyền sử dụng đất"], "Phiếu yêu cầu bổ sung số 12"), "nguyen-van-an");
        suspended.Case!.ShouldSatisfyAllConditions(c => c.Status.ShouldBe("suspended"), c => c.SupplementItems.ShouldBe(["Bản sao Giấy chứng nhận quyền sử dụng đất"]));
        (await _api.Fail(Url(r.Id, "steps/receive/complete"), new CompleteStep(suspended.Version, null), "nguyen-van-an", 409)).Detail.ShouldContain("resume it first");
        (await _api.Fail(url, new SuspendCase(suspended.Version, "financial", null, "phí"), "nguyen-van-an", 409)).Detail.ShouldContain("already suspended");

        _api.AdvanceWorking(TimeSpan.FromHours(8));
        var resumed = await _api.Act(Url(r.Id, "resume"), new ResumeCase(suspended.Version), "nguyen-van-an");
        // paused for 8 working hours: both due instants move by one working day
        resumed.Case!.Due.ShouldBe(Utc("2026-03-06T01:00Z"));
        resumed.Case.StepDue.ShouldBe(Utc("2026-03-04T03:00Z"));
        resumed.Case.Status.ShouldBe("in_progress");
        (await _api.Fail(Url(r.Id, "resume"), new ResumeCase(resumed.Version), "nguyen-van-an", 409)).Detail.ShouldContain("not suspended");
    }

    [Fact]
    public async Task an_apology_needs_the_head_of_the_unit_and_is_allowed_once()
    {
        _api.NextWorkingDay(8);
        var r = await _api.Receive(Procedure, Unit, "nguyen-van-an");
        var url = Url(r.Id, "apology");
        var later = r.Case!.Due.AddDays(3);
        (await _api.Fail(url, new IssueApology(r.Version, "Chờ xác minh", later, "le-thi-hoa"), "nguyen-van-an", 422)).Errors!.Keys.ShouldBe(["approved_by"]);
        (await _api.Fail(url, new IssueApology(r.Version, "Chờ xác minh", r.Case.Due.AddHours(-1), "tran-van-binh"), "nguyen-van-an", 422)).Errors!.Keys.ShouldBe(["new_due"]);
        (await _api.Fail(url, new IssueApology(r.Version, "Chờ xác minh", later, "tran-van-binh"), "ngo-thi-thu", 403)).Status.ShouldBe(403);
        var ok = await _api.Act(url, new IssueApology(r.Version, "Chờ cơ quan thuế xác minh", later, "tran-van-binh"), "nguyen-van-an");
        ok.Case!.ShouldSatisfyAllConditions(c => c.NewAppointment.ShouldBe(later), c => c.ApologyLate.ShouldBe(false), c => c.ApologyApprovedBy.ShouldBe("tran-van-binh"));

        var again = await _api.Fail(url, new IssueApology(ok.Version, "Lần hai", later.AddDays(2), "tran-van-binh"), "nguyen-van-an", 422);
        again.Detail.ShouldContain("at most once");
        var d = await _api.Details(r.Id);
        d.ApologyRepeatsRefused.ShouldBe(1);
        d.Version.ShouldBe(ok.Version + 1);
        d.NewAppointment.ShouldBe(later);
    }

    [Fact]
    public async Task refusing_or_stopping_closes_the_case_and_nothing_follows()
    {
        _api.NextWorkingDay(8);
        var a = await _api.Receive(Procedure, Unit, "nguyen-van-an");
        (await _api.Fail(Url(a.Id, "refuse"), new RefuseCase(a.Version, "Không đủ điều kiện"), "pham-thi-lan", 403)).Status.ShouldBe(403);
        (await _api.Fail(Url(a.Id, "refuse"), new RefuseCase(a.Version, ""), "nguyen-van-an", 422)).Errors!.Keys.ShouldBe(["reason"]);
        var refused = await _api.Act(Url(a.Id, "refuse"), new RefuseCase(a.Version, "Hợp đồng không thuộc thẩm quyền chứng thực của xã"), "nguyen-van-an");
        refused.Case!.ShouldSatisfyAllConditions(c => c.Status.ShouldBe("refused"), c => c.CloseReason.ShouldBe("Hợp đồng không thuộc thẩm quyền chứng thực của xã"));
        (await _api.Queue("unit", Unit)).ShouldNotContain(q => q.Id == a.Id);
        (await _api.Fail(Url(a.Id, "stop"), new StopCase(refused.Version, "rút"), "nguyen-van-an", 409)).Detail.ShouldContain("is refused");

        var b = await _api.Receive(Procedure, Unit, "nguyen-van-an");
        var stopped = await _api.Act(Url(b.Id, "stop"), new StopCase(b.Version, "Người yêu cầu rút hồ sơ"), "nguyen-van-an");
        stopped.Case!.Status.ShouldBe("stopped");
        (await _api.Fail(Url(b.Id, "steps/receive/complete"), new CompleteStep(stopped.Version, null), "nguyen-van-an", 409)).Status.ShouldBe(409);
    }

    [Fact]
    public async Task two_concurrent_completions_of_one_step_let_exactly_one_win()
    {
        _api.NextWorkingDay(8);
        var r = await _api.Receive(Procedure, Unit, "nguyen-van-an");
        async Task<int> Complete()
        {
            var res = await seeded.App.Host.Scenario(s =>
            {
                s.Post.Json(new CompleteStep(r.Version, null)).ToUrl(Url(r.Id, "steps/receive/complete"));
                s.WithRequestHeader("Authorization", seeded.App.Bearer("nguyen-van-an"));
                s.IgnoreStatusCode();
            });
            return res.Context.Response.StatusCode;
        }
        for (var round = 0; round < 1; round++)
        {
            var statuses = await Task.WhenAll(Complete(), Complete());
            statuses.Order().ShouldBe([200, 409]);
        }
        var d = await _api.Details(r.Id);
        d.Version.ShouldBe(4);
        d.Timeline.Count(t => t.Event == "step_completed").ShouldBe(1);
    }
}
