using System.Diagnostics;

namespace IsoEdms.Cases.Forms;

/// <summary>
/// A form as PDF: the browser prints its HTML (Chromium headless, <c>--print-to-pdf</c>), the same engine that prints
/// it from the case page, so the PDF and the printed page are one layout. The browser is <c>/usr/bin/chromium</c>
/// (Debian's package, which the test command installs) unless <c>ISOEDMS_CHROMIUM</c> names another.
/// </summary>
public static class Pdf
{
    public static string Browser => Environment.GetEnvironmentVariable("ISOEDMS_CHROMIUM") is { Length: > 0 } b ? b : "/usr/bin/chromium";

    /// <summary>Writes <paramref name="html"/> to <paramref name="pdfPath"/>; null when done, else why not.</summary>
    public static async Task<string?> PrintAsync(string html, string pdfPath, CancellationToken ct)
    {
        if (!File.Exists(Browser)) return $"printing a PDF needs Chromium at {Browser} (apt-get install chromium, or set ISOEDMS_CHROMIUM); write .html instead";
        var work = Directory.CreateTempSubdirectory("isoedms-form-");
        try
        {
            var page = Path.Combine(work.FullName, "form.html");
            await File.WriteAllTextAsync(page, html, ct);
            var target = Path.GetFullPath(pdfPath);
            var start = new ProcessStartInfo(Browser,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run", "--disable-extensions",
                $"--user-data-dir={Path.Combine(work.FullName, "profile")}", $"--print-to-pdf={target}", new Uri(page).AbsoluteUri,
            ]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            using var browser = Process.Start(start)!;
            var stderr = browser.StandardError.ReadToEndAsync(ct);
            _ = browser.StandardOutput.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            try { await browser.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { browser.Kill(entireProcessTree: true); return "Chromium did not print the form within 60 s"; }
            return browser.ExitCode == 0 && File.Exists(target) && new FileInfo(target).Length > 0 ? null
                : $"Chromium could not print the form (exit {browser.ExitCode}): {(await stderr).Trim().Split('\n').LastOrDefault()}";
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
