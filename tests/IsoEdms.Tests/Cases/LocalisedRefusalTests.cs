using System.Globalization;
using System.Text.Json;
using Alba;
using IsoEdms.Cases;
using IsoEdms.Cases.Working;
using IsoEdms.Domain.Access;
using IsoEdms.Domain.Organisation;
using IsoEdms.Infrastructure;
using IsoEdms.Organisation;
using IsoEdms.Ui;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace IsoEdms.Tests.Cases;

/// <summary>
/// A refusal of the decide functions carries its sentence by code: API clients get the code and its values, and the
/// English detail unless they ask for Vietnamese; people on the pages read it in Vietnamese, with names for codes.
/// </summary>
public class LocalisedRefusalTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);

    private async Task<JsonElement> Complete(Guid id, long version, string by, string? language)
    {
        var r = await seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(new CompleteStep(version, null)).ToUrl($"/api/cases/{id}/steps/receive/complete");
            s.WithRequestHeader("Authorization", seeded.App.Bearer(by));
            if (language is not null) s.WithRequestHeader("Accept-Language", language);
            s.StatusCodeShouldBe(403);
        });
        return JsonDocument.Parse(await r.ReadAsTextAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task the_api_gives_the_code_and_its_values_and_words_the_detail_in_the_language_asked_for()
    {
        _api.NextWorkingDay(9);
        var c = await _api.Receive("ho-tich.khai-sinh", "xa-quang-dien", "nguyen-van-an");
        var day = OrgLoad.Today(seeded.App.Clock);

        var english = await Complete(c.Id, c.Version, "pham-thi-lan", null);   // a clerk, not the desk officer
        english.GetProperty("code").GetString().ShouldBe("not_role_holder");
        var args = english.GetProperty("args");
        (args.GetProperty("person").GetString(), args.GetProperty("role").GetString(), args.GetProperty("unit").GetString(), args.GetProperty("date").GetString())
            .ShouldBe(("pham-thi-lan", "vt.reception-officer", "xa-quang-dien", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        english.GetProperty("detail").GetString().ShouldBe($"pham-thi-lan is not a vt.reception-officer of xa-quang-dien on {day:yyyy-MM-dd}");

        var vietnamese = await Complete(c.Id, c.Version, "pham-thi-lan", "vi-VN,vi;q=0.9,en;q=0.5");
        vietnamese.GetProperty("code").GetString().ShouldBe("not_role_holder");
        vietnamese.GetProperty("detail").GetString().ShouldBe(
            $"Phạm Thị Lan không giữ vai trò Công chức tiếp nhận và trả kết quả của UBND xã Quảng Điền vào ngày {day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}.");
        (await Complete(c.Id, c.Version, "pham-thi-lan", "en-GB,en;q=0.9,vi;q=0.5")).GetProperty("detail").GetString().ShouldBe(english.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_stale_version_and_an_unknown_case_are_said_by_code_too()
    {
        _api.NextWorkingDay(9);
        var c = await _api.Receive("ho-tich.khai-sinh", "xa-quang-dien", "nguyen-van-an");
        async Task<JsonElement> Post(Guid id, long version, int status)
        {
            var r = await seeded.App.Host.Scenario(s =>
            {
                s.Post.Json(new CompleteStep(version, null)).ToUrl($"/api/cases/{id}/steps/receive/complete");
                s.WithRequestHeader("Authorization", seeded.App.Bearer("nguyen-van-an"));
                s.WithRequestHeader("Accept-Language", "vi");
                s.StatusCodeShouldBe(status);
            });
            return JsonDocument.Parse(await r.ReadAsTextAsync()).RootElement.Clone();
        }

        var stale = await Post(c.Id, c.Version + 5, 409);
        stale.GetProperty("code").GetString().ShouldBe("case_stale");
        stale.GetProperty("detail").GetString().ShouldBe($"Hồ sơ vừa được người khác cập nhật (phiên bản {c.Version}, trang của bạn là {c.Version + 5}); hãy tải lại trang rồi thử lại.");
        stale.GetProperty("current_version").GetInt64().ShouldBe(c.Version);
        var unknown = Guid.NewGuid();
        (await Post(unknown, 1, 404)).GetProperty("detail").GetString().ShouldBe($"Không có hồ sơ {unknown}.");
    }

    [Fact]
    public async Task a_page_words_the_refusal_of_the_bus_in_vietnamese_with_names_and_local_dates()
    {
        _api.NextWorkingDay(9);
        var c = await _api.Receive("ho-tich.khai-sinh", "xa-quang-dien", "nguyen-van-an");
        using var scope = seeded.App.Host.Services.CreateScope();
        var session = scope.ServiceProvider.GetRequiredService<IQuerySession>();
        var org = await scope.ServiceProvider.GetRequiredService<OrgSnapshots>().CurrentAsync(session, CancellationToken.None);
        var person = (await session.LoadAsync<PersonRecord>(PersonRecord.StreamIdFor("pham-thi-lan")))!;
        var principal = Principal.For(person, OrgLoad.Today(seeded.App.Clock), org);
        // what the case page sends when its form is posted, and what it shows (the page's language is Vietnamese by default)
        var answer = await CaseCommands.SendAsync(scope.ServiceProvider.GetRequiredService<IMessageBus>(), principal, c.Id, c.Version,
            new CompleteAction("receive", null), CancellationToken.None);
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = IsoEdms.Ui.UiSetup.Vietnamese;
            var shown = scope.ServiceProvider.GetRequiredService<Wording>().Of(answer.Refusal!, new IsoEdms.Ui.Layout.OrgNames(org), step => step == "receive" ? "Tiếp nhận hồ sơ" : step);
            shown.ShouldStartWith("Phạm Thị Lan không giữ vai trò Công chức tiếp nhận và trả kết quả của UBND xã Quảng Điền vào ngày ");
            shown.ShouldNotContain("pham-thi-lan");
            CultureInfo.CurrentUICulture = IsoEdms.Ui.UiSetup.English;
            scope.ServiceProvider.GetRequiredService<Wording>().Of(answer.Refusal!, new IsoEdms.Ui.Layout.OrgNames(org))
                .ShouldStartWith("Phạm Thị Lan is not a Reception officer of Quảng Điền Commune on ");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task a_refusal_of_the_quality_loop_is_worded_too_with_the_field_at_fault()
    {
        var r = await seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(new IsoEdms.Quality.RaiseNonconformity("manual", "huge", "xa-quang-dien", null, "Thiếu chữ ký trên phiếu 06")).ToUrl("/api/nonconformities");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("ho-thi-xuan"));
            s.WithRequestHeader("Accept-Language", "vi");
            s.StatusCodeShouldBe(422);
        });
        var problem = JsonDocument.Parse(await r.ReadAsTextAsync()).RootElement;
        problem.GetProperty("code").GetString().ShouldBe("severity_unknown");
        problem.GetProperty("detail").GetString().ShouldBe("Mức độ phải là nhẹ hoặc nặng.");
        problem.GetProperty("errors").GetProperty("severity")[0].GetString().ShouldBe("Mức độ phải là nhẹ hoặc nặng.");
    }

    [Fact]
    public void the_problems_of_a_procedure_file_are_worded_on_the_pages_in_the_page_s_language_and_stay_english_for_the_command_line()
    {
        var words = seeded.App.Host.Services.GetRequiredService<Wording>();
        string In(CultureInfo culture, Domain.Documents.Diagnostic d)
        {
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture;
            try { return words.Of(d); }
            finally { CultureInfo.CurrentUICulture = before; }
        }

        // an unclosed '{' on line 13 is reported where it was opened, not where the parser gave up
        var lines = Enumerable.Range(1, 20).Select(i => $"key{i}: value").ToArray();
        lines[12] = "title: { vi: \"Đăng ký khai sinh\", en: \"Birth\"";
        var unclosed = Domain.Documents.YamlDocument.Parse("procedures/x/v1.yaml", string.Join('\n', lines)).Errors.ShouldHaveSingleItem();
        unclosed.Line.ShouldBe(13);
        unclosed.Message.ShouldStartWith("YAML syntax error: this '{' is never closed");   // the command line's words
        In(UiSetup.Vietnamese, unclosed).ShouldStartWith("Lỗi cú pháp YAML: dấu '{' mở ở đây không bao giờ được đóng");
        In(UiSetup.English, unclosed).ShouldBe(unclosed.Message);

        // a value of the wrong kind, in a step: the place and the value found are worded too
        var doc = Domain.Documents.YamlDocument.Parse("procedures/x/v1.yaml", "steps:\n  - id: review\n    budget_hours: [1, 2]\n");
        var step = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlSequenceNode)doc.Get(doc.Root!, "steps")!).Children[0];
        doc.WholeNumber(doc.Get(step, "budget_hours"), "budget_hours");
        doc.CheckKeys(step, "step 'review'", "id", "role");
        doc.Errors.Select(e => In(UiSetup.Vietnamese, e)).ShouldBe([
            "'budget_hours' phải là số nguyên, đang là một danh sách.",
            "Khóa 'budget_hours' không có trong bước 'review'; các khóa được dùng: id, role."]);
        doc.Errors.Select(e => e.Message).ShouldBe([
            "'budget_hours' must be a whole number, got a list",
            "unknown key 'budget_hours' in step 'review'; expected one of: id, role"]);
    }

    [Fact]
    public void every_sentence_code_of_the_domain_has_its_words_in_both_languages()
    {
        // the codes the domain and the host say, found in their sources; each must be in both resource files, with the same placeholders
        var sources = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"));
        var codes = sources.SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"Say\.It\(""([a-z_]+)""").Select(m => m.Groups[1].Value)).ToHashSet();
        codes.Count.ShouldBeGreaterThan(40);
        var vi = Entries("Refusals.resx");
        var en = Entries("Refusals.en.resx");
        codes.Where(c => !vi.ContainsKey(c)).ShouldBeEmpty("codes without Vietnamese words");
        codes.Where(c => !en.ContainsKey(c)).ShouldBeEmpty("codes without English words");
        foreach (var code in codes)
            Placeholders(vi[code]).ShouldBe(Placeholders(en[code]), code);
    }

    private static Dictionary<string, string> Entries(string file) =>
        System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "src", "IsoEdms", "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    private static string[] Placeholders(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, @"\{(\w+)\}").Select(m => m.Groups[1].Value).Order()];
}
