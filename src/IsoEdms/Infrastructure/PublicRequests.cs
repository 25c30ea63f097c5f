using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace IsoEdms.Infrastructure;

/// <summary>
/// ASP.NET Core's rate limiter on what anyone may call without signing in (the rating endpoint and the citizen's rating
/// page): a fixed window per client address, IsoEdms:PublicRequestsPerMinute (20 by default). A refused request gets 429
/// with a problem document and reaches no handler, so it writes nothing.
/// </summary>
public static class PublicRequests
{
    public const string Policy = "public";
    public const string ConfigurationKey = "IsoEdms:PublicRequestsPerMinute";

    public static void Configure(IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = int.TryParse(configuration[ConfigurationKey], out var n) && n > 0 ? n : 20;
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problems.Of(429, "Too many requests", $"at most {perMinute} a minute from one address; try again shortly").ExecuteAsync(context.HttpContext);
            };
        });
    }
}
