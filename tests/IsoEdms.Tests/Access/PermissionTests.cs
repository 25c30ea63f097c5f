using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IsoEdms.Access;
using IsoEdms.Tests.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace IsoEdms.Tests.Access;

/// <summary>
/// Every API endpoint, read from the app's own route table (so a new endpoint is covered the day it is added): 401 without
/// sign-in, 403 for a signed-in person outside its role; and the unit half of the permissions on the records themselves.
/// </summary>
public class PermissionTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    /// <summary>For each policy, a person of the demo organisation who does not satisfy it.</summary>
    private static readonly Dictionary<string, string> Outsider = new()
    {
        [Policies.Member] = "nguyen-huu-tho",     // his assignment ended with the district on 2025-07-01: no role today
        [Policies.Staff] = "duong-van-phuc",      // auditor: reads, never acts
        [Policies.Oversight] = "nguyen-van-an",   // reception officer
        [Policies.Improvement] = "duong-van-phuc",
        [Policies.Quality] = "tran-van-binh",     // commune chair and unit head
        [Policies.Audit] = "tran-van-binh",
        [Policies.Admin] = "ho-thi-xuan",         // quality officer
    };

    private static readonly string[] Anonymous = ["POST /api/auth/token", "POST /api/ratings"];

    private sealed record Api(string Method, string Url, string Name, string? Policy, bool AllowsAnonymous);

    private List<Api> Endpoints()
    {
        var source = seeded.App.Host.Services.GetRequiredService<EndpointDataSource>();
        var result = new List<Api>();
        foreach (var e in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + e.RoutePattern.RawText!.TrimStart('/');
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal)) continue;
            var url = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)[^}]*\}", m => m.Groups[1].Value switch
            {
                "id" or "idOrCode" => Guid.NewGuid().ToString(),
                "code" => "ho-tich.khai-sinh",
                "version" or "no" => "1",
                "step" => "receive",
                "year" => "2026",
                "unit" => "xa-quang-dien",
                "person" => "nguyen-van-an",
                "form" => "01",
                "document" => "report",
                var other => throw new InvalidOperationException($"no sample value for route parameter '{other}' of {pattern}"),
            });
            foreach (var method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                result.Add(new Api(method, url, $"{method} {pattern}", e.Metadata.GetOrderedMetadata<IAuthorizeData>().LastOrDefault()?.Policy,
                    e.Metadata.GetMetadata<IAllowAnonymous>() is not null));
        }
        return result;
    }

    private async Task<HttpStatusCode> Send(Api api, string? person)
    {
        using var client = seeded.App.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(api.Method), api.Url);
        if (api.Method != "GET") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        if (person is not null) request.Headers.Authorization = AuthenticationHeaderValue.Parse(seeded.App.Bearer(person));
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public void every_api_endpoint_declares_a_policy_and_only_sign_in_and_the_citizen_rating_are_open()
    {
        var endpoints = Endpoints();
        endpoints.Count.ShouldBeGreaterThan(50);
        endpoints.Where(e => e.AllowsAnonymous).Select(e => e.Name).Order().ShouldBe(Anonymous);
        endpoints.Where(e => !e.AllowsAnonymous && (e.Policy is null || !Outsider.ContainsKey(e.Policy))).Select(e => e.Name).ShouldBeEmpty();
    }

    [Fact]
    public async Task every_api_endpoint_answers_401_without_sign_in()
    {
        var wrong = new List<string>();
        foreach (var api in Endpoints().Where(e => !e.AllowsAnonymous))
            if (await Send(api, null) is var status && status != HttpStatusCode.Unauthorized) wrong.Add($"{api.Name}: {(int)status}");
        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task every_api_endpoint_answers_403_to_a_signed_in_person_outside_its_roles()
    {
        var wrong = new List<string>();
        foreach (var api in Endpoints().Where(e => !e.AllowsAnonymous))
            if (await Send(api, Outsider[api.Policy!]) is var status && status != HttpStatusCode.Forbidden) wrong.Add($"{api.Name} as {Outsider[api.Policy!]}: {(int)status}");
        wrong.ShouldBeEmpty();
    }

    private async Task<int> Status(string url, string person)
    {
        var r = await seeded.App.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Authorization", seeded.App.Bearer(person));
            s.IgnoreStatusCode();
        });
        return r.Context.Response.StatusCode;
    }

    [Fact]
    public async Task staff_see_the_queues_cases_and_reports_of_their_own_unit_only()
    {
        var api = new CaseApi(seeded.App);
        api.NextWorkingDay(9);
        var theirs = await api.Receive("chung-thuc.hop-dong-dat", "xa-dan-dien", "ngo-thi-thu");

        (await Status("/api/queue/unit/xa-quang-dien", "nguyen-van-an")).ShouldBe(200);
        (await Status("/api/queue/unit/xa-dan-dien", "nguyen-van-an")).ShouldBe(403);
        (await Status("/api/queue/person/nguyen-van-an", "nguyen-van-an")).ShouldBe(200);
        (await Status("/api/queue/person/ngo-thi-thu", "nguyen-van-an")).ShouldBe(403);
        (await Status("/api/queue/person/ngo-thi-thu", "bui-thi-ngoc")).ShouldBe(200);   // her unit's head
        (await Status($"/api/cases/{theirs.Id}", "nguyen-van-an")).ShouldBe(403);
        (await Status($"/api/cases/{theirs.Id}", "ngo-thi-thu")).ShouldBe(200);
        (await Status($"/api/cases/{theirs.Id}", "duong-van-phuc")).ShouldBe(200);       // the auditor reads every unit
        (await Status("/api/cases?unit=xa-dan-dien", "nguyen-van-an")).ShouldBe(403);
        (await Status("/api/cases", "nguyen-van-an")).ShouldBe(403);
        (await Status("/api/cases?unit=xa-quang-dien", "nguyen-van-an")).ShouldBe(200);
        (await Status("/api/reports/timeliness?by=person&from=2026-01-01&to=2026-12-31&unit=xa-dan-dien", "nguyen-van-an")).ShouldBe(403);
        (await Status("/api/reports/timeliness?by=person&from=2026-01-01&to=2026-12-31&unit=xa-quang-dien", "nguyen-van-an")).ShouldBe(200);
        (await Status("/api/nonconformities?unit=xa-dan-dien", "tran-van-binh")).ShouldBe(403);
        (await Status("/api/nonconformities?unit=xa-quang-dien", "tran-van-binh")).ShouldBe(200);
    }

    [Fact]
    public async Task roles_come_from_the_organisation_today_and_events_record_the_signed_in_person()
    {
        var me = await seeded.App.Host.Scenario(s => { s.Get.Url("/api/auth/me"); s.WithRequestHeader("Authorization", seeded.App.Bearer("le-quang-vinh")); });
        var body = System.Text.Json.JsonDocument.Parse(await me.ReadAsTextAsync()).RootElement;
        body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["quality_officer", "staff", "unit_head"]);
        body.GetProperty("head_of").EnumerateArray().Select(r => r.GetString()).ShouldBe(["tt-pvhcc-hue"]);

        var api = new CaseApi(seeded.App);
        api.NextWorkingDay(10);
        var received = await api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        await using var session = seeded.App.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        var first = (await session.Events.FetchStreamAsync(received.Id)).First();
        ((IsoEdms.Domain.Cases.CaseReceived)first.Data).By.ShouldBe("nguyen-van-an");
    }

    [Fact]
    public async Task a_wrong_password_is_refused_without_saying_which_half_was_wrong()
    {
        foreach (var (person, password) in new[] { ("nguyen-van-an", "wrong-password"), ("no-such-person", Passwords.Demo) })
        {
            var r = await seeded.App.Host.Scenario(s =>
            {
                s.Post.Json(new { person, password }).ToUrl("/api/auth/token");
                s.WithRequestHeader("Authorization", AppFixture.Anonymous);
                s.StatusCodeShouldBe(401);
            });
            (await r.ReadAsTextAsync()).ShouldContain("unknown person or wrong password");
        }
    }
}
