using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;

namespace IsoEdms.Ui;

/// <summary>The web pages: Blazor static server rendering, Vietnamese first, one stylesheet served by the app (no CDN).</summary>
public static class UiSetup
{
    public static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    public const string LanguageCookie = "isoedms-lang";

    public static void Configure(IServiceCollection services)
    {
        services.AddRazorComponents();
        // Vietnamese letters go out as themselves, not as &#x...; entities (smaller pages, readable source).
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.AddAntiforgery();
        services.AddCascadingAuthenticationState();
    }

    /// <summary>
    /// The stylesheet and the procedure editor's script, answered before sign-in and authorisation run (no database read for
    /// them), cached for a day and revalidated by their hash; both are resources of this assembly, so a node serves them
    /// from any folder.
    /// </summary>
    public static void UseStylesheet(WebApplication app)
    {
        var files = new Dictionary<string, (string Type, byte[] Body, string ETag)>
        {
            ["/app.css"] = Asset("app.css", "text/css; charset=utf-8"),
            ["/procedure-editor.js"] = Asset("procedure-editor.js", "text/javascript; charset=utf-8"),
        };
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) || !files.TryGetValue(context.Request.Path.Value ?? "", out var file)) { await next(); return; }
            context.Response.Headers.CacheControl = "public, max-age=86400";
            context.Response.Headers.ETag = file.ETag;
            if (context.Request.Headers.IfNoneMatch == file.ETag) { context.Response.StatusCode = 304; return; }
            context.Response.ContentType = file.Type;
            await context.Response.Body.WriteAsync(file.Body);
        });
    }

    private static (string, byte[], string) Asset(string name, string type)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(ReadResource(name));
        return (type, body, $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body))[..16]}\"");
    }

    public static void Map(WebApplication app)
    {
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Vietnamese);
            o.SupportedCultures = o.SupportedUICultures = [Vietnamese, English];
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = LanguageCookie }];
        });
        app.UseAntiforgery();


        // ?back= must be a local path, so the switch cannot send anyone elsewhere.
        app.MapGet("/ngon-ngu/{lang}", (string lang, string? back, HttpContext http) =>
        {
            var culture = lang == "en" ? English : Vietnamese;
            http.Response.Cookies.Append(LanguageCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(1), SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(back is { Length: > 0 } b && b.StartsWith('/') && !b.StartsWith("//", StringComparison.Ordinal) ? b : "/");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/dang-xuat", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/dang-nhap");
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

        app.MapRazorComponents<Components.App>();
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"IsoEdms.Ui.{name}")
                           ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        return new StreamReader(stream).ReadToEnd();
    }
}

/// <summary>The page's language: Vietnamese unless the person chose English. Text is written in both, side by side.</summary>
public static class L
{
    public static bool En => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
    public static string T(string vi, string en) => En ? en : vi;

    public static string Time(DateTimeOffset? t) => t is { } v ? TimeZoneInfo.ConvertTime(v, Organisation.OrgLoad.VietnamTime).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "";
    public static string Date(DateOnly? d) => d is { } v ? v.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : "";
    public static string N(decimal n) => n.ToString(n == decimal.Truncate(n) ? "N0" : "N1", CultureInfo.CurrentCulture);
    public static string N(long n) => n.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A time limit as the procedure states it ("2 working days"), in the page's language.</summary>
    public static string Limit(string limit) => En ? limit : limit
        .Replace("working days", "ngày làm việc").Replace("working day", "ngày làm việc")
        .Replace("working hours", "giờ làm việc").Replace("working hour", "giờ làm việc")
        .Replace("calendar days", "ngày").Replace("same day", "trong ngày");

    public static string Status(string s) => s switch
    {
        CaseStatuses.InProgress => T("Đang giải quyết", "In progress"),
        CaseStatuses.Suspended => T("Tạm dừng", "Suspended"),
        CaseStatuses.Finished => T("Có kết quả, chờ trả", "Result ready"),
        CaseStatuses.Delivered => T("Đã trả kết quả", "Delivered"),
        CaseStatuses.Refused => T("Từ chối", "Refused"),
        CaseStatuses.Stopped => T("Dừng xử lý", "Stopped"),
        _ => s,
    };

    public static string Light(string light) => light switch
    {
        Cases.QueueLights.Overdue => T("Quá hạn", "Overdue"),
        Cases.QueueLights.DueSoon => T("Sắp đến hạn", "Due soon"),
        _ => T("Trong hạn", "On track"),
    };

    public static string RiskState(string state) => state switch
    {
        Domain.Timeliness.RiskStates.Overdue => T("Quá hạn", "Overdue"),
        Domain.Timeliness.RiskStates.AtRisk => T("Có nguy cơ trễ", "At risk"),
        _ => T("Trong hạn", "On track"),
    };

    public static string Source(string source) => T(Quality.QualityWords.Source(source));
    public static string Severity(string severity) => T(Quality.QualityWords.Severity(severity));
    public static string RecordStatus(string status) => T(Quality.QualityWords.Status(status));
    private static string T((string Vi, string En) words) => T(words.Vi, words.En);

    /// <summary>
    /// An outcome of a step as the procedure file names it. The shipped files use approve and reject; another word keeps
    /// its spelling (the page then also says where it leads).
    /// </summary>
    public static string Outcome(string key) => key switch
    {
        "approve" => T("Đạt – chuyển bước tiếp", "Approve"),
        "reject" => T("Không đạt – từ chối", "Reject"),
        "accept" => T("Chấp nhận", "Accept"),
        "return" => T("Trả lại", "Return"),
        _ => key,
    };

    /// <summary>Why a case's clock stopped (form 02).</summary>
    public static string Suspension(string reason) => reason switch
    {
        "supplement" => T("Bổ sung, hoàn thiện hồ sơ", "Supplement"),
        "financial" => T("Thực hiện nghĩa vụ tài chính", "Financial obligation"),
        "verification" => T("Xác minh", "Verification"),
        _ => reason,
    };

    /// <summary>
    /// A text the system recorded in both languages as "tiếng Việt / English" (the nonconformities it raises): the
    /// page's half.
    /// </summary>
    public static string Bilingual(string text) => text.IndexOf(" / ", StringComparison.Ordinal) is >= 0 and var i ? (En ? text[(i + 3)..] : text[..i]) : text;

    public static string Classification(string? c) => c switch
    {
        Classifications.Early => T("Trước hạn", "Early"),
        Classifications.OnTime => T("Đúng hạn", "On time"),
        Classifications.Late => T("Quá hạn", "Late"),
        null or "" => "",
        _ => c,
    };
}
