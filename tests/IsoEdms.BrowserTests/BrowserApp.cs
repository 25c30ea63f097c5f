using IsoEdms.Testing;
using System.Diagnostics;
using IsoEdms.Cli;
using IsoEdms.Infrastructure;

namespace IsoEdms.BrowserTests;

/// <summary>
/// The app as its own process on a throwaway database (seeded with the shipped documents, the demo organisation with its
/// demo passwords and some imported demo dossiers) and Debian's Chromium driven by Playwright. Shared by every browser test.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    private readonly string _db = $"isoedms_b_{Guid.NewGuid():N}"[..22];
    private Process? _app;
    private TextWriter? _log;
    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;
    public string Url { get; private set; } = "";
    public string ConnectionString { get; private set; } = "";
    public static string Root { get; } = FindRoot();
    public static string Screenshots { get; } = Path.Combine(Root, ".data", "screenshots");

    /// <summary>
    /// Generous: <c>dotnet test</c> runs the three test projects side by side on two cores, and a page can then take
    /// seconds. Playwright waits for conditions, so a pass costs no more time than the app needs.
    /// </summary>
    private const float Timeout = 90_000;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(Timeout);
        ConnectionString = await ThrowawayDatabase.CreateAsync(Database.Resolve(), _db);
        var processes = Path.Combine(Root, "processes");
        var demo = Path.Combine(Path.GetTempPath(), $"{_db}.jsonl");
        string[][] seed =
        [
            ["calendars", "publish", Path.Combine(processes, "calendars")], ["org", "load", Path.Combine(processes, "org")],
            ["procedures", "publish", Path.Combine(processes, "procedures")], ["surveys", "publish", Path.Combine(processes, "surveys")],
            ["users", "demo-passwords"], ["demo", "generate", "--cases", "40", "--out", demo], ["import", demo, "--by", "demo"],
        ];
        var cli = new CommandLine(CliServices.Create(ConnectionString));
        try
        {
            foreach (var args in seed)
            {
                var err = new StringWriter();
                var exit = await cli.RunAsync(args, TextWriter.Null, err);
                if (exit != 0) throw new InvalidOperationException($"seeding '{string.Join(' ', args)}' exited {exit}: {err}");
            }
        }
        finally
        {
            File.Delete(demo);
        }

        // port 0: the system picks a free port and the app says which ("IsoEdms listening on URL"); a random port could be
        // one that another test's connections hold
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "IsoEdms.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment = { ["ISOEDMS_DB"] = ConnectionString, ["IsoEdms__Processes"] = processes, ["Logging__LogLevel__Default"] = "Warning",
                            ["IsoEdms__Jobs__deadline-sweep"] = Hangfire.Cron.Never(), ["IsoEdms__Jobs__corrective-action-overdue"] = Hangfire.Cron.Never() },
        };
        _app = Process.Start(psi)!;
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // the app's warnings and errors go to .data/test-logs/browser-app.log, for when a browser test fails
        Directory.CreateDirectory(Path.Combine(Root, ".data", "test-logs"));
        var file = TextWriter.Synchronized(new StreamWriter(Path.Combine(Root, ".data", "test-logs", "browser-app.log")) { AutoFlush = true });
        _log = file;
        _app.OutputDataReceived += (_, e) => { if (e.Data is { } d) { log.Enqueue(d); file.WriteLine(d); if (d.IndexOf("IsoEdms listening on ", StringComparison.Ordinal) is >= 0 and var i) ready.TrySetResult(d[(i + 21)..].Trim()); } };
        _app.ErrorDataReceived += (_, e) => { if (e.Data is { } d) { log.Enqueue(d); file.WriteLine(d); } };
        _app.EnableRaisingEvents = true;
        _app.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"the app exited: {string.Join('\n', log)}"));
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();
        Url = await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));

        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // the flags that keep Chromium from reaching for Google's services on a closed network
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) signed in as <paramref name="person"/> with the demo password.</summary>
    public async Task<IPage> SignedInAsync(string person, string locale = "vi-VN", int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Url, Locale = locale, ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        context.SetDefaultTimeout(Timeout);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dang-nhap");
        await page.FillAsync("#person", person);
        await page.FillAsync("#password", IsoEdms.Access.Passwords.Demo);
        await page.ClickAsync("form.card button[type=submit]");
        try { await ArrivedAsync(page, "section[aria-labelledby=mine]", new System.Text.RegularExpressions.Regex("/viec-cua-toi$")); }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"signing in {person} ended on {page.Url}: {await page.Locator("body").InnerTextAsync()}", e);
        }
        return page;
    }

    /// <summary>
    /// Waits for an element that only the expected page has, then checks the URL. No load-state or URL wait: Playwright
    /// answers those from the frame's record of load events, and that record was seen empty on a page that had arrived
    /// (the wait then hung for its whole timeout, twice in clean runs); an element wait asks the page itself.
    /// </summary>
    public static async Task ArrivedAsync(IPage page, string uniqueElement, System.Text.RegularExpressions.Regex url)
    {
        await page.Locator(uniqueElement).First.WaitForAsync();
        page.Url.ShouldMatch(url.ToString());
    }

    /// <summary>An HTTP client on the app's API signed in as <paramref name="person"/>, for the data a test makes itself.</summary>
    public async Task<HttpClient> ApiAsync(string person)
    {
        var http = new HttpClient { BaseAddress = new Uri(Url) };
        await ApiSignIn.SignInAsync(http, person);
        return http;
    }

    public async Task<IPage> AnonymousAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Url });
        context.SetDefaultTimeout(Timeout);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// After a form post: waits until the page shows <paramref name="success"/> or an error message (no load-state wait,
    /// see <see cref="ArrivedAsync"/>), and fails with the page's own message if it is an error.
    /// </summary>
    public static async Task NoErrorAsync(IPage page, string success)
    {
        await page.Locator($"{success}, .msg.error").First.WaitForAsync();
        var error = page.Locator(".msg.error");
        if (await error.CountAsync() > 0) throw new InvalidOperationException($"the page answered: {await error.First.InnerTextAsync()}");
    }

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is { HasExited: false }) { _app.Kill(entireProcessTree: true); await _app.WaitForExitAsync(); }
        _log?.Dispose();
        await ThrowawayDatabase.DropAsync(Database.Resolve(), _db);
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "IsoEdms.sln"))) return d.FullName;
        throw new InvalidOperationException("no IsoEdms.sln above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(nameof(BrowserApp))]
public sealed class BrowserAppCollection : ICollectionFixture<BrowserApp>;
