using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Notifications;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Tests.Cases;
using static IsoEdms.Domain.Tests.Cases.Shipped;

namespace IsoEdms.Domain.Tests.Notifications;

/// <summary>Rule 26: which decisions tell the applicant or a member of staff, and what the telling carries.</summary>
public class NoticesTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset Monday = Local(2026, 3, 2, 8);
    private static readonly CaseContext Ctx = Context("chung-thuc.hop-dong-dat");

    /// <summary>Received, and the desk's step done: the case waits at review in xã Quảng Điền.</summary>
    private static Given AtReview() => new Given(Ctx, Id, "XQD-2026-000031", "xa-quang-dien", "nguyen-van-an", Monday)
        .Then(s => CaseDecider.Complete(s, "receive", null, Ctx, "nguyen-van-an", Monday.AddHours(1)));

    private static IReadOnlyList<Notice> NoticesOf(CaseResult r)
    {
        r.Error.ShouldBeNull();
        return Notices.For(r.Events);
    }

    [Fact]
    public void A_receipt_tells_the_applicant_the_appointment_and_nothing_to_staff()
    {
        var r = CaseDecider.Receive(Id, new ReceiveCase("XQD-2026-000030", "xa-quang-dien", null, new Applicant("Lê Văn Tám"), []), Ctx, "nguyen-van-an", Monday);
        var n = NoticesOf(r).ShouldHaveSingleItem();
        (n.Kind, n.Audience, n.Person).ShouldBe((NoticeKind.Received, NoticeAudience.Applicant, null));
        n.When.ShouldBe(r.Events.OfType<CaseReceived>().Single().Due);
    }

    [Fact]
    public void A_step_the_head_gives_tells_its_new_holder_and_a_step_taken_oneself_tells_nobody()
    {
        var g = AtReview();
        var assigned = NoticesOf(CaseDecider.Assign(g.State, "review", "le-thi-hoa", Ctx, "tran-van-binh", Monday.AddHours(2))).ShouldHaveSingleItem();
        (assigned.Kind, assigned.Audience, assigned.Person, assigned.Step).ShouldBe((NoticeKind.Assigned, NoticeAudience.Staff, "le-thi-hoa", "review"));
        NoticesOf(CaseDecider.Claim(g.State, "review", Ctx, "le-thi-hoa", Monday.AddHours(2))).ShouldBeEmpty();
    }

    [Fact]
    public void A_supplement_request_tells_the_applicant_the_items_and_a_financial_stop_of_the_clock_does_not()
    {
        var g = AtReview();
        var n = NoticesOf(CaseDecider.Suspend(g.State, SuspensionReason.Supplement, ["Bản sao sổ đỏ"], "thiếu bản sao", Ctx, "le-thi-hoa", Monday.AddHours(2))).ShouldHaveSingleItem();
        (n.Kind, n.Audience).ShouldBe((NoticeKind.SupplementNeeded, NoticeAudience.Applicant));
        n.Items.ShouldBe(["Bản sao sổ đỏ"]);
        n.Reason.ShouldBe("thiếu bản sao");
        var financial = CaseDecider.Suspend(g.State, SuspensionReason.Financial, null, "chờ nộp phí", Ctx, "le-thi-hoa", Monday.AddHours(2));
        NoticesOf(financial).ShouldBeEmpty();
    }

    [Fact]
    public void A_return_names_the_step_it_goes_back_to_and_leaves_the_addressee_to_the_slip()
    {
        var g = AtReview().Then(s => CaseDecider.Claim(s, "review", Ctx, "le-thi-hoa", Monday.AddHours(2)));
        var n = NoticesOf(CaseDecider.Return(g.State, "receive", "thiếu chữ ký", Ctx, "le-thi-hoa", Monday.AddHours(3))).ShouldHaveSingleItem();
        (n.Kind, n.Audience, n.Person, n.Step, n.Reason).ShouldBe((NoticeKind.Returned, NoticeAudience.Staff, null, "receive", "thiếu chữ ký"));
    }

    [Fact]
    public void A_refusal_and_a_stop_tell_the_applicant_why()
    {
        var g = AtReview();
        var refused = NoticesOf(CaseDecider.Refuse(g.State, "không đủ điều kiện", Ctx, "tran-van-binh", Monday.AddHours(2))).ShouldHaveSingleItem();
        (refused.Kind, refused.Reason).ShouldBe((NoticeKind.Refused, "không đủ điều kiện"));
        var stopped = NoticesOf(CaseDecider.Stop(g.State, "người nộp rút hồ sơ", Ctx, "tran-van-binh", Monday.AddHours(2))).ShouldHaveSingleItem();
        (stopped.Kind, stopped.Reason).ShouldBe((NoticeKind.Stopped, "người nộp rút hồ sơ"));
    }

    [Fact]
    public void The_result_at_the_desk_and_an_apology_tell_the_applicant_with_the_new_appointment()
    {
        var newAppointment = Local(2026, 3, 6, 10);
        var apology = new ApologyIssued(Id, "xa-quang-dien", "chờ xác minh", newAppointment, "tran-van-binh", newAppointment, new DateOnly(2026, 3, 6),
            new DateOnly(2026, 3, 3), false, "nguyen-van-an", Monday.AddHours(4));
        var finished = new CaseFinished(Id, "XQD-2026-000031", "chung-thuc.hop-dong-dat", 1, "xa-quang-dien", "xa-quang-dien", Monday, Monday, new DateOnly(2026, 3, 4),
            new DateOnly(2026, 3, 3), Timeliness.Timeliness.OnTime, "vn-2025", null, false, "le-thi-hoa", Monday.AddHours(5));
        var notices = Notices.For([apology, finished]);
        notices.Select(n => (n.Kind, n.When)).ShouldBe([(NoticeKind.Apology, (DateTimeOffset?)newAppointment), (NoticeKind.ResultReady, Monday.AddHours(5))]);
        notices.ShouldAllBe(n => n.Audience == NoticeAudience.Applicant);
    }

    [Fact]
    public void A_receipt_stored_before_applicants_had_an_email_keeps_its_canonical_json_and_so_its_commitment()
    {
        Canonical.ToJson(new Applicant("Lê Văn Tám", "001", "0912345678")).ShouldBe("""{"name":"Lê Văn Tám","id_number":"001","phone":"0912345678","address":null}""");
        Canonical.ToJson(new Applicant("Lê Văn Tám", Email: "tam@example.vn")).ShouldContain("\"email\":\"tam@example.vn\"");
    }

    [Theory]
    [InlineData("tam@example.vn", true)]
    [InlineData("le.van.tam+hs@hue.gov.vn", true)]
    [InlineData("tam@localhost", false)]
    [InlineData("tam example.vn", false)]
    [InlineData("Tâm <tam@example.vn>", false)]
    public void An_email_address_is_one_address_with_a_domain(string text, bool ok) => Contacts.IsEmail(text).ShouldBe(ok);

    [Theory]
    [InlineData("0912345678", true)]
    [InlineData("+84 912 345 678", true)]
    [InlineData("0912-345-678", false)]
    [InlineData("12345", false)]
    public void A_phone_number_is_9_to_15_digits(string text, bool ok) => Contacts.IsPhone(text).ShouldBe(ok);

    [Fact]
    public void A_persons_contact_is_loaded_from_the_organisation_file_changed_once_and_refused_with_its_line_when_malformed()
    {
        Shipped.Org.Person("le-thi-hoa")!.Email.ShouldBe("le-thi-hoa@hue.gov.vn");
        var changed = Shipped.OrgData with
        {
            People = Shipped.OrgData.People.Select(p => p.Id == "le-thi-hoa" ? p with { Email = "hoa.lt@hue.gov.vn", Phone = "0912345678" } : p).ToList(),
        };
        var plan = OrgLoading.Plan(changed, Shipped.OrgData.Roles, Shipped.Org, new Dictionary<Guid, long>(), new DateOnly(2026, 11, 28), "test", DateTimeOffset.UnixEpoch);
        var set = plan.Appends.ShouldHaveSingleItem().Events.ShouldHaveSingleItem().ShouldBeOfType<PersonContactSet>();
        (set.Person, set.Email, set.Phone).ShouldBe(("le-thi-hoa", "hoa.lt@hue.gov.vn", "0912345678"));

        var (_, errors) = OrgFile.Parse("org/bad.yaml", """
            people:
              - id: le-van-tam
                name: "Lê Văn Tám"
                unit: xa-quang-dien
                roles: [clerk]
                email: "le-van-tam at hue.gov.vn"
            """);
        var error = errors.ShouldHaveSingleItem();
        (error.Path, error.Line).ShouldBe(("org/bad.yaml", 6));
        error.Message.ShouldContain("'email' must be an e-mail address");
    }
}
