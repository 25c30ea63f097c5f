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
        var url = $"http://127.0.0.1:{20000 + Random.Shared.Next(20000)}";
        var psi = Start(["--urls", url]);
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var proc = Process.Start(psi)!;
        var ready = new TaskCompletionSource();
        proc.OutputDataReceived += (_, e) => { if (e.Data?.Contains("IsoEdms listening on") == true) ready.TrySetResult(); };
        proc.ErrorDataReceived += (_, _) => { };
        proc.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"the app exited with {proc.ExitCode} while starting"));
        proc.EnableRaisingEvents = true;
        proc.BeginOutputReadLine();
        proc.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
        // On a large store the projection daemon needs a while to start (it reads the high-water mark): /health says 503 until then.
        using var warm = new HttpClient { BaseAddress = new Uri(url) };
        var until = DateTime.UtcNow.AddMinutes(10);
        while (!(await warm.GetAsync("/health")).IsSuccessStatusCode)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("the app's /health did not answer 200 within 10 minutes");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return new Server(proc, url);
    }

    public sealed class Server(Process process, string url) : IAsyncDisposable
    {
        public string Url => url;

        public double RssMb()
        {
            process.Refresh();
            return Math.Round(process.WorkingSet64 / 1048576.0);
        }

        public async ValueTask DisposeAsync()
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
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
