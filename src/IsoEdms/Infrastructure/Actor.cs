namespace IsoEdms.Infrastructure;

/// <summary>Who is acting: the signed-in person (cookie or bearer token), recorded as <c>by</c> on every event.</summary>
public static class Actor
{
    public static string? From(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value : null;

    public static string ForCli(string? given) =>
        !string.IsNullOrWhiteSpace(given) ? given
        : Environment.GetEnvironmentVariable("ISOEDMS_USER") is { Length: > 0 } u ? u
        : $"cli:{Environment.UserName}";
}

/// <summary>
/// Where the controlled documents (processes/) live: configuration IsoEdms:Processes (for the command line, which reads no
/// configuration file, the environment variable IsoEdms__Processes), else the nearest processes/ folder up from here.
/// </summary>
public static class ProcessesFolder
{
    public const string EnvironmentVariable = "IsoEdms__Processes";

    public static string Find(IConfiguration? configuration = null)
    {
        if (configuration?["IsoEdms:Processes"] is { Length: > 0 } configured) return configured;
        if (configuration is null && Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment) return fromEnvironment;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "processes");
                if (Directory.Exists(Path.Combine(candidate, "procedures")) || Directory.Exists(Path.Combine(candidate, "calendars"))) return candidate;
            }
        }
        return Path.Combine(Directory.GetCurrentDirectory(), "processes");
    }
}
