using Alba;
using IsoEdms.Objectives;
using IsoEdms.Quality;
using IsoEdms.Tests.Cases;

namespace IsoEdms.Tests.Audit;

/// <summary>Quality objectives through the API and the command line: one command, quality officers only, refusals naming the field.</summary>
public class ObjectivesTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private static object Body(string code, string measure = "satisfaction", decimal? target = 90, string? unit = "xa-quang-dien") => new
    {
        code, title = new { vi = "Người dân hài lòng ≥ 90 %", en = "Satisfied citizens ≥ 90 %" }, measure, target, unit, from = "2026-01-01", to = "2026-12-31", owner = "tran-van-binh",
    };

    private Task<IScenarioResult> Post(object body, string person, int status) => seeded.App.Host.Scenario(s =>
    {
        s.Post.Json(body).ToUrl("/api/objectives");
        s.WithRequestHeader("Authorization", seeded.App.Bearer(person));
        s.StatusCodeShouldBe(status);
    });

    [Fact]
    public async Task a_quality_officer_sets_then_revises_an_objective_and_nobody_else_may()
    {
        var first = (await (await Post(Body("hai-long-xa"), "ho-thi-xuan", 201)).ReadAsJsonAsync<ObjectiveSetAnswer>())!;
        first.Revision.ShouldBe(1);
        var second = (await (await Post(Body("hai-long-xa", target: 92), "ho-thi-xuan", 200)).ReadAsJsonAsync<ObjectiveSetAnswer>())!;
        (second.Id, second.Revision).ShouldBe((first.Id, 2));
        await Post(Body("hai-long-xa", target: 99), "nguyen-van-an", 403);
        await Post(Body("hai-long-xa", target: 99), "tran-van-binh", 403);

        var listed = (await seeded.App.Host.GetAsJson<List<ObjectiveReport>>("/api/objectives?as_of=2026-03-02"))!.Single(o => o.Code == "hai-long-xa");
        (listed.Target, listed.Revision, listed.Scope, listed.ScopeKey, listed.Owner).ShouldBe((92m, 2, "unit", "xa-quang-dien", "tran-van-binh"));
        listed.Months.Select(m => m.Month).ShouldBe(["2026-01", "2026-02", "2026-03"]);
        listed.Status.ShouldBe("no_data");   // nobody rated a dossier of the commune yet

        // the page lists it in Vietnamese with its months
        var page = await seeded.App.Host.Scenario(s =>
        {
            s.Get.Url("/chat-luong/muc-tieu");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("ho-thi-xuan"));
            s.StatusCodeShouldBe(200);
        });
        var html = await page.ReadAsTextAsync();
        html.ShouldContain("data-objective=\"hai-long-xa\"");
        html.ShouldContain("Người dân hài lòng ≥ 90 %");
        html.ShouldContain("Chưa có số liệu");
    }

    [Fact]
    public async Task what_cannot_be_measured_is_refused_naming_the_field_and_nothing_is_written()
    {
        var bad = await (await Post(Body("hai-long-xa-khac", unit: "xa-khong-co"), "ho-thi-xuan", 422)).ReadAsTextAsync();
        bad.ShouldContain("\"unit\"");
        bad.ShouldContain("'xa-khong-co' is not a unit of the organisation");
        (await (await Post(Body("hai-long-xa-khac", target: null), "ho-thi-xuan", 400)).ReadAsTextAsync()).ShouldContain("\"target\"");
        await seeded.App.Host.Scenario(s => { s.Get.Url("/api/objectives?as_of=31/12/2026"); s.StatusCodeShouldBe(400); });

        var cli = await Cli.RunAsync(seeded.App.ConnectionString, "objectives", "set", "--code", "hai-long-thu-tuc", "--title", "Hài lòng", "--measure", "satisfaction",
            "--target", "90", "--procedure", "chung-thuc.hop-dong-dat", "--from", "2026-01-01", "--to", "2026-12-31");
        cli.Exit.ShouldBe(1);
        cli.Err.ShouldContain("satisfaction is measured per unit or for the whole organisation, not per procedure");
        (await seeded.App.Host.GetAsJson<List<ObjectiveReport>>("/api/objectives"))!.ShouldNotContain(o => o.Code == "hai-long-xa-khac" || o.Code == "hai-long-thu-tuc");
    }

    [Fact]
    public void a_corrective_action_is_overdue_at_the_end_of_a_day_when_an_action_due_before_it_is_not_completed_by_then()
    {
        var ca = new CorrectiveActionView
        {
            OpenedAt = new DateTimeOffset(2026, 1, 10, 2, 0, 0, TimeSpan.Zero),
            Actions = [new ActionView { No = 1, DueDate = new DateOnly(2026, 2, 10), CompletedAt = new DateTimeOffset(2026, 3, 3, 2, 0, 0, TimeSpan.Zero) }],
        };
        ObjectiveMeasurement.OverdueOn(ca, new DateOnly(2026, 1, 31)).ShouldBeFalse();   // not due yet
        ObjectiveMeasurement.OverdueOn(ca, new DateOnly(2026, 2, 10)).ShouldBeFalse();   // due that day
        ObjectiveMeasurement.OverdueOn(ca, new DateOnly(2026, 2, 28)).ShouldBeTrue();
        ObjectiveMeasurement.OverdueOn(ca, new DateOnly(2026, 3, 31)).ShouldBeFalse();   // completed on 3 March
        ObjectiveMeasurement.OverdueOn(ca, new DateOnly(2025, 12, 31)).ShouldBeFalse();  // not opened yet
    }
}
