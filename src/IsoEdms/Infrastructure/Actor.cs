namespace IsoEdms.Infrastructure;

/// <summary>
/// Who is acting. Until sign-in lands (the web UI issue) the API takes the person from the X-IsoEdms-User header;
/// this is the one place to switch to the authenticated principal.
/// </summary>
public static class Actor
{
    public const string Header = "X-IsoEdms-User";

    public static string? From(HttpContext context)
    {
        var h = context.Request.Headers[Header].ToString();
        return string.IsNullOrWhiteSpace(h) ? null : h.Trim();
    }

    public static string ForCli(string? given) =>
        !string.IsNullOrWhiteSpace(given) ? given
        : Environment.GetEnvironmentVariable("ISOEDMS_USER") is { Length: > 0 } u ? u
        : $"cli:{Environment.UserName}";
}

/// <summary>Where the controlled documents (processes/) live: configuration IsoEdms:Processes, else the nearest processes/ folder up from here.</summary>
public static class ProcessesFolder
{
    public static string Find(IConfiguration? configuration = null)
    {
        if (configuration?["IsoEdms:Processes"] is { Length: > 0 } configured) return configured;
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
