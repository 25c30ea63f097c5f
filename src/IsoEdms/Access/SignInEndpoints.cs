using IsoEdms.Domain.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;

namespace IsoEdms.Access;

public sealed record TokenRequest(string? Person, string? Password);

public sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn);

public sealed record MeResponse(string Person, string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Units, IReadOnlyList<string> HeadOf);

public static class SignInEndpoints
{
    /// <summary>A bearer token for API clients (send it as <c>Authorization: Bearer …</c>). The web pages use the cookie instead.</summary>
    [AllowAnonymous]
    [WolverinePost("/api/auth/token")]
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Token(TokenRequest request, IQuerySession session, IOptionsMonitor<BearerTokenOptions> options, TimeProvider clock,
        HttpContext http, ILogger<TokenRequest> log, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Person)) return Infrastructure.Problems.Field(400, "Person required", "'person' must be your person code", "person");
        if (string.IsNullOrEmpty(request.Password)) return Infrastructure.Problems.Field(400, "Password required", "'password' is required", "password");
        var check = await Passwords.CheckAsync(session, request.Person, request.Password, clock.GetUtcNow(), http.Connection.RemoteIpAddress?.ToString(), log, ct);
        if (check.LockedUntil is { } until)
            return Problems.Of(429, "Sign-in locked", $"too many failed sign-ins in a row: try again after {until:yyyy-MM-dd HH:mm}Z");
        if (check.Person is not { } person)
            return Problems.Of(401, "Sign-in failed", "unknown person or wrong password");
        var o = options.Get(BearerTokenDefaults.AuthenticationScheme);
        var now = clock.GetUtcNow();
        var ticket = new AuthenticationTicket(AccessClaims.Identity(person, BearerTokenDefaults.AuthenticationScheme),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + o.BearerTokenExpiration }, BearerTokenDefaults.AuthenticationScheme);
        return TypedResults.Ok(new TokenResponse(o.BearerTokenProtector.Protect(ticket), "Bearer", (long)o.BearerTokenExpiration.TotalSeconds));
    }

    /// <summary>Who is signed in, with the roles and units the organisation gives them today.</summary>
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/auth/me")]
    public static MeResponse Me(HttpContext http)
    {
        var p = AccessClaims.Of(http.User)!;
        return new MeResponse(p.Person, p.Name, p.Roles.Select(AccessClaims.RoleName).Order().ToList(), p.Units.Order().ToList(), p.HeadOf.Order().ToList());
    }
}
