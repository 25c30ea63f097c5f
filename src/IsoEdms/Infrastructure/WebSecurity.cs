using System.Net;

namespace IsoEdms.Infrastructure;

/// <summary>
/// What every answer carries against the common attacks on a web page (sniffing, framing, leaking the address of a
/// dossier page to another site), and when the sign-in cookie must be Secure.
/// </summary>
public static class WebSecurity
{
    /// <summary>
    /// The pages are rendered on the server and use no script of their own beyond small inline handlers (print), hence
    /// <c>'unsafe-inline'</c> for scripts; everything else comes from this origin only, and no other site may frame them.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseHeaders(WebApplication app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            if (context.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000";
            return Task.CompletedTask;
        });
        return next();
    });

    /// <summary>
    /// The sign-in cookie is Secure unless the browser talks to the app on this very machine over plain HTTP (the demo on
    /// 127.0.0.1): behind a reverse proxy that ends TLS, the request reaches the app over HTTP from another address, and
    /// the browser still only sends the cookie over HTTPS.
    /// </summary>
    public static bool RequiresSecureCookie(HttpContext context) =>
        context.Request.IsHttps || context.Connection.RemoteIpAddress is { } address && !IPAddress.IsLoopback(address);

    /// <summary>The sign-in cookie's writer: every time it is written (sign-in, sliding renewal, sign-out), Secure as above.</summary>
    public sealed class SecureOutsideLoopback(Microsoft.AspNetCore.Authentication.Cookies.ICookieManager inner) : Microsoft.AspNetCore.Authentication.Cookies.ICookieManager
    {
        public string? GetRequestCookie(HttpContext context, string key) => inner.GetRequestCookie(context, key);

        public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options)
        {
            options.Secure |= RequiresSecureCookie(context);
            inner.AppendResponseCookie(context, key, value, options);
        }

        public void DeleteCookie(HttpContext context, string key, CookieOptions options)
        {
            options.Secure |= RequiresSecureCookie(context);
            inner.DeleteCookie(context, key, options);
        }
    }
}
