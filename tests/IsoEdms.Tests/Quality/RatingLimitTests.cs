using Alba;
using IsoEdms.Satisfaction;

namespace IsoEdms.Tests.Quality;

/// <summary>A host whose public endpoints take three requests a minute from one address.</summary>
public sealed class StrictPublicLimitApp : AppFixture
{
    protected override int PublicRequestsPerMinute => 3;
}

/// <summary>The public rating endpoint is rate limited (ASP.NET Core's rate limiter): past the limit, 429 and nothing runs.</summary>
public class RatingLimitTests(StrictPublicLimitApp app) : IClassFixture<StrictPublicLimitApp>
{
    [Fact]
    public async Task past_the_limit_a_rating_is_refused_with_429_before_anything_reads_or_writes()
    {
        var body = new RateCase("XQD-2026-000001", null, "hai-long-tthc", null, [], null, "ABCD-EFGH");
        for (var i = 0; i < 3; i++)
            await app.Host.Scenario(s => { s.Post.Json(body).ToUrl("/api/ratings"); s.StatusCodeShouldBe(404); });   // no such dossier: counted all the same
        var refused = await app.Host.Scenario(s => { s.Post.Json(body).ToUrl("/api/ratings"); s.StatusCodeShouldBe(429); });
        (await refused.ReadAsTextAsync()).ShouldContain("at most 3 a minute");
        refused.Context.Response.Headers.RetryAfter.ToString().ShouldNotBeEmpty();
        // the citizen's rating page is limited by the same policy
        await app.Host.Scenario(s => { s.Get.Url("/danh-gia"); s.StatusCodeShouldBe(429); });
        // what the policy does not name is not limited by it
        await app.Host.Scenario(s => { s.Get.Url("/openapi/v1.json"); s.StatusCodeShouldBe(200); });
    }
}
