using Alba;

namespace IsoEdms.Tests.Cases;

/// <summary>The case page offers only the actions that apply to this case and this person now.</summary>
public class CasePageActionsTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);

    private async Task<string> Page(Guid id, string person) => await (await seeded.App.Host.Scenario(s =>
    {
        s.Get.Url($"/ho-so/{id}");
        s.WithRequestHeader("Authorization", seeded.App.Bearer(person));
    })).ReadAsTextAsync();

    private static bool Offers(string page, string action) => page.Contains($"data-action=\"{action}\"");

    [Fact]
    public async Task a_new_case_offers_its_desk_officer_completion_but_no_return_or_apology_and_another_role_nothing_of_the_step()
    {
        _api.NextWorkingDay(8);
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");   // at its first step, due in two working days

        var desk = await Page(c.Id, "nguyen-van-an");
        Offers(desk, "complete").ShouldBeTrue();
        Offers(desk, "suspend").ShouldBeTrue();
        Offers(desk, "return").ShouldBeFalse();    // nothing before the first step
        Offers(desk, "apology").ShouldBeFalse();   // the appointment is not close
        Offers(desk, "claim").ShouldBeFalse();     // already hers

        var justice = await Page(c.Id, "le-thi-hoa");   // works in the unit, holds another role
        Offers(justice, "complete").ShouldBeFalse();
        Offers(justice, "transfer").ShouldBeFalse();
        Offers(justice, "refuse").ShouldBeFalse();

        // at the review step, its holder may send it back; near its appointment, an apology is offered
        c = await _api.Act($"/api/cases/{c.Id}/steps/receive/complete", new IsoEdms.Cases.Working.CompleteStep(c.Version, null), "nguyen-van-an");
        var review = await Page(c.Id, "le-thi-hoa");
        (Offers(review, "complete"), Offers(review, "return"), Offers(review, "apology")).ShouldBe((true, true, false));
        _api.AdvanceWorking(TimeSpan.FromHours(9));
        Offers(await Page(c.Id, "le-thi-hoa"), "apology").ShouldBeTrue();
    }

    [Fact]
    public async Task the_work_queue_names_procedures_by_their_title_and_assignees_by_their_name()
    {
        _api.NextWorkingDay(8);
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        var queue = await (await seeded.App.Host.Scenario(s =>
        {
            s.Get.Url("/viec-cua-toi?unit=xa-quang-dien");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("tran-van-binh"));
        })).ReadAsTextAsync();
        queue.ShouldContain(c.Code);
        queue.ShouldContain("Chứng thực hợp đồng");       // the procedure's title, its code only in the tooltip
        queue.ShouldContain(">Nguyễn Văn An<");            // the assignee's name, not the login
        queue.ShouldNotContain(">nguyen-van-an<");
    }

    [Fact]
    public async Task the_case_page_names_units_roles_people_and_events_instead_of_their_codes()
    {
        _api.NextWorkingDay(8);
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        var page = await Page(c.Id, "tran-van-binh");
        page.ShouldContain("Nguyễn Văn An (UBND xã Quảng Điền)");          // who received it, and where
        page.ShouldContain("<strong>Tiếp nhận hồ sơ</strong>");               // the event log in words
        page.ShouldNotContain("<strong>case_received</strong>");
        page.ShouldNotContain("– xa-quang-dien,");
    }
}
