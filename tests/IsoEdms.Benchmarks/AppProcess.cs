using System.Diagnostics;

namespace IsoEdms.Benchmarks;

/// <summary>The app as its own process on the benchmark's database: its CLI verbs, or the web host on a loopback port.</summary>
public sealed class AppProcess(string dll, string connectionString, string processes)
{
    public async Task RunAsync(string[] args)
    {
        using var p = Process.Start(Start(args))!;
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"isoedms {string.Join(' ', args)} failed ({p.ExitCode}): {await errors}{await output}");
    }

    public async Task<Server> StartAsync()
    {
        // port 0: the system picks a free port, and the app says which one it bound ("IsoEdms listening on URL"); a random port
        // could be one the clients' own connections hold
        var psi = Start(["--urls", "http://127.0.0.1:0"]);
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var proc = Process.Start(psi)!;
        var ready = new TaskCompletionSource<string>();
        proc.OutputDataReceived += (_, e) => { if (ListeningOn(e.Data) is { } bound) ready.TrySetResult(bound); };
        proc.ErrorDataReceived += (_, _) => { };
        proc.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"the app exited with {proc.ExitCode} while starting"));
        proc.EnableRaisingEvents = true;
        proc.BeginOutputReadLine();
        proc.BeginErrorReadLine();
        try
        {
            return new Server(proc, await UpAsync(ready.Task));
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException or InvalidOperationException)
        {
            // an app that did not come up is not left running on the port and the database after the bench has stopped
            await StopAsync(proc);
            throw new InvalidOperationException($"the app did not start: {ex.Message}", ex);
        }
    }

    /// <summary>The app's address once it listens and its <c>/health</c> answers 200.</summary>
    private static async Task<string> UpAsync(Task<string> listening)
    {
        var url = await listening.WaitAsync(TimeSpan.FromSeconds(120));
        // On a large store the projection daemon needs a while to start (it reads the high-water mark): /health says 503 until then.
        using var warm = new HttpClient { BaseAddress = new Uri(url) };
        var until = DateTime.UtcNow.AddMinutes(10);
        while (!(await warm.GetAsync("/health")).IsSuccessStatusCode)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("the app's /health did not answer 200 within 10 minutes");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return url;
    }

    /// <summary>The address in the app's "IsoEdms listening on URL" line, if <paramref name="line"/> is that line.</summary>
    public static string? ListeningOn(string? line) =>
        line?.IndexOf("IsoEdms listening on ", StringComparison.Ordinal) is >= 0 and var i ? line[(i + "IsoEdms listening on ".Length)..].Trim() : null;

    public sealed class Server(Process process, string url) : IAsyncDisposable
    {
        public string Url => url;

        /// <summary>The app's process, whose CPU time the benchmark reads.</summary>
        public Process Process => process;

        public double RssMb()
        {
            process.Refresh();
            return Math.Round(process.WorkingSet64 / 1048576.0);
        }

        public async ValueTask DisposeAsync() => await StopAsync(process);
    }

    private static async Task StopAsync(Process process)
    {
        process.Kill(entireProcessTree: true);   // nothing when it has exited
        await process.WaitForExitAsync();
        process.Dispose();
    }

    private ProcessStartInfo Start(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["ISOEDMS_DB"] = connectionString;
        psi.Environment["IsoEdms__Processes"] = processes;
        psi.WorkingDirectory = Path.GetDirectoryName(processes)!;
        return psi;
    }
}
