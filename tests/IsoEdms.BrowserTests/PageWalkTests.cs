using System.Text.RegularExpressions;

namespace IsoEdms.BrowserTests;

/// <summary>
/// Every page a person can reach, in Vietnamese: signed in as each role of the demo (and as a visitor), the walk follows
/// every link of the app from the home page and reads every text the page holds (closed sections and options too). It
/// fails on an English sentence, on a raw code (a unit, procedure, step, status or role spelled as the program stores
/// it), and on a time or date written the program's way (ISO 8601, UTC) instead of dd/MM/yyyy HH:mm local time.
/// What a page shows on purpose as an identifier is marked <c>translate="no"</c> (the HTML attribute for text that is not
/// to be translated), and the language switch is marked <c>lang="en"</c>: the walk leaves both out.
/// </summary>
[Collection(nameof(BrowserApp))]
public partial class PageWalkTests(BrowserApp app)
{
    /// <summary>English words that no Vietnamese text spelled without diacritics uses, and the stored words of statuses.</summary>
    [GeneratedRegex(@"\b(the|is|are|was|were|not|has|have|with|this|that|cannot|already|must|been|which|there|from|your|you|of|and|for|nothing|none|case|cases|step|steps|unit|units|person|open|closed|minor|major|late|overdue|approve|approved|reject|rejected|receive|received|assign|assigned|pending|sent|failed|delivered|suspended|finished|refused|stopped|early|supplement|verification|financial|complaint|manual|observation|opportunity|risk|risks|effective|planned|accepted)\b", RegexOptions.IgnoreCase)]
    private static partial Regex English();

    /// <summary>A code as the program stores it: lower-case ASCII words joined by hyphens, dots or underscores, with a letter.</summary>
    [GeneratedRegex(@"(?<![\w@./:-])(?=[a-z0-9._-]*[a-z])[a-z0-9]+(?:[-_.][a-z0-9]+)+(?![\w@/-])")]
    private static partial Regex RawCode();

    /// <summary>An instant or date the program's way: 2026-11-30, 01:00Z, T08:00.</summary>
    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b|\d{2}:\d{2}Z\b|T\d{2}:\d{2}")]
    private static partial Regex MachineTime();

    /// <summary>Words that are the same in both languages or are names.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase) { "e-mail" };

    private const string ReadTexts = """
        () => {
          const skip = '[translate="no"], [lang="en"], script, style, template, noscript, textarea';
          const out = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const p = n.parentElement;
            if (!p || p.closest(skip)) continue;
            const t = n.textContent.replace(/\s+/g, ' ').trim();
            if (t) out.push(t);
          }
          for (const e of document.body.querySelectorAll('[placeholder], [title], [aria-label], input[type=submit][value]')) {
            if (e.closest(skip)) continue;
            for (const a of ['placeholder', 'title', 'aria-label', 'value']) {
              if (a === 'value' && e.type !== 'submit') continue;
              const v = e.getAttribute(a);
              if (v && v.trim()) out.push(v.trim());
            }
          }
          return out;
        }
        """;

    private const string ReadLinks = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))";

    [Fact]
    public async Task every_page_of_every_role_reads_in_vietnamese_without_english_sentences_raw_codes_or_machine_times()
    {
        await SeedQualityRecordsAsync();
        var findings = new List<string>();
        var visited = 0;
        foreach (var person in new[] { "nguyen-van-an", "tran-van-binh", "le-thi-hoa", "ho-thi-xuan", "duong-van-phuc", "le-quang-vinh", "admin" })
            visited += await WalkAsync(await app.SignedInAsync(person), person, findings, extra: ["/tim-kiem?q=Nguy%E1%BB%85n&from=2020-01-01"]);
        visited += await WalkAsync(await app.AnonymousAsync(), "visitor", findings, start: "/dang-nhap", extra: ["/danh-gia"]);
        visited.ShouldBeGreaterThan(30);
        findings.ShouldBeEmpty($"{findings.Count} finding(s) on {visited} page(s):\n{string.Join('\n', findings.Distinct().Take(120))}");
    }

    /// <summary>
    /// Records for the quality pages, so the walk reads them filled whichever test ran before it: a risk with an action, an
    /// audit with a finding, an objective, a management review held in the middle of the year (another unit, codes and
    /// dates than the quality cycle's test uses).
    /// </summary>
    private async Task SeedQualityRecordsAsync()
    {
        var cli = new IsoEdms.Cli.CommandLine(IsoEdms.Cli.CliServices.Create(app.ConnectionString));
        async Task<string> Run(params string[] args)
        {
            var (o, e) = (new StringWriter(), new StringWriter());
            var exit = await cli.RunAsync(args, o, e);
            exit.ShouldBe(0, $"{string.Join(' ', args)}: {e}");
            return o.ToString().Trim();
        }
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));   // the command line's clock is the system's: dates follow it
        var today = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var due = day.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Run("risks", "add", "--code", "ho-tich.thieu-can-bo", "--title", "Thiếu công chức hộ tịch khi nghỉ phép", "--procedure", "ho-tich.khai-sinh",
            "--unit", "xa-dan-dien", "--likelihood", "3", "--impact", "3", "--owner", "ho-thi-xuan", "--by", "ho-thi-xuan");
        await Run("risks", "action", "ho-tich.thieu-can-bo", "--text", "Phân công người thay thế", "--owner", "ho-thi-xuan", "--due", due, "--by", "ho-thi-xuan");
        var audit = (await Run("audits", "create", "--unit", "xa-dan-dien", "--procedures", "ho-tich.khai-sinh", "--lead", "duong-van-phuc",
            "--from", today, "--to", today, "--by", "ho-thi-xuan")).Split(' ', '\n')[^1];
        await Run("audits", "finding", audit, "--kind", "observation", "--text", "Sổ theo dõi chưa ghi đủ ngày trả kết quả", "--procedure", "ho-tich.khai-sinh", "--by", "duong-van-phuc");
        await Run("objectives", "set", "--code", "hai-long-xa", "--title", "Mức hài lòng của người dân", "--measure", "satisfaction", "--target", "90",
            "--from", "2026-01-01", "--to", "2026-12-31", "--by", "ho-thi-xuan");
        await Run("review", "hold", "--from", "2026-01-01", "--to", "2026-06-30", "--held-on", "2026-06-30", "--chair", "le-quang-vinh",
            "--decision", "Tiếp tục duy trì hệ thống", "--action", "Cập nhật quy trình hộ tịch;ho-thi-xuan;2026-09-30", "--by", "ho-thi-xuan");
    }

    private static async Task<int> WalkAsync(IPage page, string who, List<string> findings, string start = "/", string[]? extra = null)
    {
        var queue = new Queue<string>([start, .. extra ?? [], "/khong-co-trang-nay"]);
        var seen = new HashSet<string>();
        var visited = 0;
        while (queue.Count > 0 && visited < 60)
        {
            var url = queue.Dequeue();
            if (!seen.Add(Shape(url))) continue;
            await page.GotoAsync(url);
            await page.Locator("main, body").First.WaitForAsync();
            visited++;
            foreach (var text in await page.EvaluateAsync<string[]>(ReadTexts))
                foreach (var problem in Problems(text))
                    findings.Add($"{who} {url}: {problem} in \"{Cut(text)}\"");
            foreach (var href in await page.EvaluateAsync<string[]>(ReadLinks))
                if (Followed(href) is { } next && !seen.Contains(Shape(next))) queue.Enqueue(next);
        }
        await page.Context.CloseAsync();
        return visited;
    }

    private static IEnumerable<string> Problems(string text)
    {
        foreach (Match m in English().Matches(text)) if (!Allowed.Contains(m.Value)) yield return $"English '{m.Value}'";
        foreach (Match m in RawCode().Matches(text)) if (!Allowed.Contains(m.Value)) yield return $"code '{m.Value}'";
        foreach (Match m in MachineTime().Matches(text)) yield return $"machine time '{m.Value}'";
    }

    /// <summary>A link of the app to walk: not the API, the job dashboard, the language switch or signing out.</summary>
    private static string? Followed(string href)
    {
        if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal)) return null;
        var path = href.Split('#')[0];
        if (path.Length == 0) return null;
        string[] off = ["/api/", "/hangfire", "/ngon-ngu/", "/dang-xuat", "/openapi"];
        return off.Any(o => path.StartsWith(o, StringComparison.Ordinal)) ? null : path;
    }

    /// <summary>Pages of one shape are walked once: ids and codes in the path, and the query, do not make a new page (but a search does).</summary>
    private static string Shape(string url) =>
        url.StartsWith("/tim-kiem?", StringComparison.Ordinal) ? url : Regex.Replace(Regex.Replace(url.Split('?')[0], "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}"),
            "^/(ho-so|quy-trinh)/(?!ban-hanh$)[^/]+$", "/$1/{code}");

    private static string Cut(string text) => text.Length <= 140 ? text : text[..140] + "…";
}
