using System.Globalization;
using System.Text.RegularExpressions;
using IsoEdms.Domain;
using IsoEdms.Ui;
using IsoEdms.Ui.Layout;
using Microsoft.Extensions.Localization;

namespace IsoEdms.Infrastructure;

/// <summary>
/// A refusal as a person reads it, in their language: the sentence of its code from the resource files
/// (<c>Resources/Refusals.resx</c>, Vietnamese; <c>Refusals.en.resx</c>, English), each value worded by its kind (a unit or a
/// person by name, a date as dd/MM/yyyy, an instant in Viet Nam's time). A refusal without a sentence, or whose code the
/// resources lack, keeps the domain's English. docs/rules.md ("Words") lists the kinds.
/// </summary>
public sealed partial class Wording(IStringLocalizer<Resources.Refusals> words)
{
    /// <summary>The message a page shows (the page's language): the worded sentence, else the refusal's own message.</summary>
    public string Of(Refusal refusal, OrgNames? names = null, Func<string, string>? step = null) =>
        refusal.Said is { } said && Word(said, names, step) is { } worded ? worded : refusal.Message;

    /// <summary>The sentence in the current UI culture's language, or null when the resources have no entry for its code.</summary>
    public string? Word(Said said, OrgNames? names = null, Func<string, string>? step = null)
    {
        if (string.IsNullOrEmpty(said.Code)) return null;   // a sentence said only in English
        var template = words[said.Code];
        if (template.ResourceNotFound) return null;
        var values = said.Args.ToDictionary(a => a.Name, a => Value(a, names ?? OrgNames.None, step));
        return Placeholder().Replace(template.Value, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
    }

    /// <summary>A line said as several sentences (a file's path, then why), worded and joined by a space.</summary>
    public string Line(IEnumerable<Said> sentences) => string.Join(" ", sentences.Select(s => Word(s) ?? s.English));

    /// <summary>The kind of a value from its name in the sentence: <c>unit2</c> is a unit.</summary>
    public static string KindOf(string name) => name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');

    private static string Value(SaidArg a, OrgNames names, Func<string, string>? step)
    {
        IEnumerable<string> Items() => a.Value.Split(", ", StringSplitOptions.RemoveEmptyEntries);
        return a.Kind switch
        {
            "person" => names.Person(a.Value),
            "persons" => string.Join(", ", Items().Select(names.Person)),
            "role" => names.Role(a.Value),
            "unit" => names.Unit(a.Value),
            "units" => string.Join(", ", Items().Select(names.Unit)),
            "step" => step?.Invoke(a.Value) ?? a.Value,
            "steps" => string.Join(", ", Items().Select(s => step?.Invoke(s) ?? s)),
            "date" => DateOnly.TryParse(a.Value, CultureInfo.InvariantCulture, out var d) ? L.Date(d) : a.Value,
            "instant" => DateTimeOffset.TryParse(a.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? L.Time(t) : a.Value,
            "status" => L.Status(StatusCode(a.Value)),
            "outcome" => L.Outcome(a.Value),
            "outcomes" => string.Join(" / ", Items().Select(L.Outcome)),
            "access" => Access(a.Value),
            "accesses" => string.Join(", ", Items().Select(Access)),
            "place" => Place(a.Value),
            "found" => Found(a.Value),
            "opener" => Opener(a.Value),
            "limit" => L.Limit(a.Value),
            _ => a.Value,
        };
    }

    /// <summary>Where in a controlled document a problem is, as the domain names it ("the procedure", "step 'review'").</summary>
    private static string Place(string place) => place switch
    {
        "the procedure" => L.T("quy trình", place),
        "a step" => L.T("một bước", place),
        _ when StepPlace().Match(place) is { Success: true } m => L.T($"bước '{m.Groups[1].Value}'", place),
        _ => place,
    };

    /// <summary>A value as found in a document: an empty value, a list, a mapping, an alias, or the value quoted.</summary>
    private static string Found(string found) => found switch
    {
        "an empty value" => L.T("giá trị trống", found),
        "a list" => L.T("một danh sách", found),
        "a mapping" => L.T("các cặp khóa: giá trị", found),
        "an alias" => L.T("một bí danh", found),
        _ => found,
    };

    private static string Opener(string opener) => opener switch
    {
        "double quote" => L.T("dấu nháy kép", opener),
        "single quote" => L.T("dấu nháy đơn", opener),
        _ => L.T($"dấu {opener}", opener),
    };

    [GeneratedRegex("^step '([^']*)'$")]
    private static partial Regex StepPlace();

    /// <summary>A problem of a controlled document as a page shows it: worded in the page's language, else the domain's English.</summary>
    public string Of(Domain.Documents.Diagnostic diagnostic) =>
        diagnostic.Said is { } said && Word(said) is { } worded ? worded : diagnostic.Message;

    /// <summary>A case status as the domain says it in English, or its code, to the status code the pages word.</summary>
    private static string StatusCode(string value) => value switch
    {
        "in progress" => CaseStatuses.InProgress,
        "finished (result at the desk)" => CaseStatuses.Finished,
        _ => value,
    };

    private static string Access(string role) => role switch
    {
        "staff" => L.T("cán bộ xử lý hồ sơ", "staff"),
        "unit_head" => L.T("lãnh đạo đơn vị", "unit head"),
        "quality_officer" => L.T("cán bộ quản lý chất lượng", "quality officer"),
        "auditor" => L.T("đánh giá viên nội bộ", "auditor"),
        "administrator" => L.T("quản trị hệ thống", "administrator"),
        _ => role,
    };

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    /// <summary>
    /// An API answer in the language its client asks for: a problem document that carries a sentence (<c>code</c>,
    /// <c>args</c>) gets its <c>detail</c> (and the field's error) in Vietnamese when <c>Accept-Language</c> prefers it; without
    /// that header the API keeps the domain's English, which programs already read. Names come from the organisation the
    /// node has in memory (the refused command has just read it); a code stays a code when it has none.
    /// </summary>
    public static void Localise(ProblemDetailsContext ctx)
    {
        var ext = ctx.ProblemDetails.Extensions;
        if (!ext.TryGetValue("code", out var c) || c is not string code || !ext.TryGetValue("args", out var a) || a is not IDictionary<string, string> args) return;
        if (!PrefersVietnamese(ctx.HttpContext.Request)) return;
        var services = ctx.HttpContext.RequestServices;
        var said = new Said(code, ctx.ProblemDetails.Detail ?? "", [.. args.Select(kv => new SaidArg(kv.Key, KindOf(kv.Key), kv.Value))]);
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = UiSetup.Vietnamese;
        try
        {
            var org = services.GetService<Organisation.OrgSnapshots>()?.Latest(services.GetRequiredService<IDocumentStore>());
            if (services.GetRequiredService<Wording>().Word(said, new OrgNames(org)) is not { } worded) return;
            ctx.ProblemDetails.Detail = worded;
            if (ext.TryGetValue("errors", out var e) && e is Dictionary<string, string[]> errors)
                foreach (var key in errors.Keys.ToList()) errors[key] = [worded];
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static bool PrefersVietnamese(HttpRequest request)
    {
        var wanted = request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value ?? "")
            .FirstOrDefault(l => l.StartsWith("vi", StringComparison.OrdinalIgnoreCase) || l.StartsWith("en", StringComparison.OrdinalIgnoreCase));
        return wanted?.StartsWith("vi", StringComparison.OrdinalIgnoreCase) == true;
    }
}
