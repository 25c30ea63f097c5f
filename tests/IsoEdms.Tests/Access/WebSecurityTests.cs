using System.Net;
using Alba;
using IsoEdms.Access;
using IsoEdms.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Http;

namespace IsoEdms.Tests.Access;

/// <summary>Security headers on every answer, a Secure sign-in cookie off the local machine, and the key ring encrypted at rest.</summary>
public class WebSecurityTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task every_page_and_answer_carries_the_security_headers()
    {
        foreach (var url in new[] { "/dang-nhap", "/openapi/v1.json" })
        {
            var r = await app.Host.Scenario(s => { s.Get.Url(url); s.WithRequestHeader("Authorization", AppFixture.Anonymous); s.StatusCodeShouldBe(200); });
            var h = r.Context.Response.Headers;
            (h.XContentTypeOptions.ToString(), h.XFrameOptions.ToString(), h["Referrer-Policy"].ToString()).ShouldBe(("nosniff", "DENY", "same-origin"));
            h.ContentSecurityPolicy.ToString().ShouldContain("frame-ancestors 'none'");
            h.ContentSecurityPolicy.ToString().ShouldContain("default-src 'self'");
        }
    }

    [Fact]
    public async Task a_page_form_posted_without_its_antiforgery_token_is_refused()
    {
        await app.Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["_handler"] = "sign-in", ["Form.Person"] = "admin", ["Form.Password"] = "x" }).ToUrl("/dang-nhap");
            s.WithRequestHeader("Authorization", AppFixture.Anonymous);
            s.StatusCodeShouldBe(400);
        });
    }

    [Fact]
    public void the_sign_in_cookie_is_secure_unless_the_browser_is_on_this_machine_over_plain_http()
    {
        HttpContext From(string address, bool https = false)
        {
            var c = new DefaultHttpContext();
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
            c.Request.Scheme = https ? "https" : "http";
            return c;
        }
        WebSecurity.RequiresSecureCookie(From("127.0.0.1")).ShouldBeFalse();
        WebSecurity.RequiresSecureCookie(From("::1")).ShouldBeFalse();
        WebSecurity.RequiresSecureCookie(From("127.0.0.1", https: true)).ShouldBeTrue();
        WebSecurity.RequiresSecureCookie(From("203.0.113.5")).ShouldBeTrue();   // a reverse proxy or a browser elsewhere

        var options = new CookieOptions { HttpOnly = true };
        var written = new List<CookieOptions>();
        new WebSecurity.SecureOutsideLoopback(new Recorder(written)).AppendResponseCookie(From("203.0.113.5"), "isoedms", "x", options);
        written.ShouldHaveSingleItem().Secure.ShouldBeTrue();
    }

    private sealed class Recorder(List<CookieOptions> written) : Microsoft.AspNetCore.Authentication.Cookies.ICookieManager
    {
        public string? GetRequestCookie(HttpContext context, string key) => null;
        public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) => written.Add(options);
        public void DeleteCookie(HttpContext context, string key, CookieOptions options) => written.Add(options);
    }

    [Fact]
    public async Task the_key_ring_in_the_database_is_encrypted()
    {
        await app.SeedPeopleAsync();
        app.Bearer("le-thi-hoa").ShouldStartWith("Bearer ");   // a token was issued, so the ring has a key
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var keys = await session.Query<DataProtectionKey>().ToListAsync();
        keys.ShouldNotBeEmpty();
        keys.ShouldAllBe(k => k.Xml.Contains("encryptedSecret") && !k.Xml.Contains("<value>"));
    }
}
