using System.Diagnostics;

namespace IsoEdms.Tests.Reliability;

/// <summary>The app as a separate process on <c>ISOEDMS_DB</c>, for the tests that kill it.</summary>
public sealed record AppProcess(Process Process, string Url, System.Collections.Concurrent.ConcurrentQueue<string> Log)
{
    /// <summary>The last lines the process wrote (warnings and errors: the tests start it at that level), for a failure's message.</summary>
    public string LogTail => string.Join('\n', Log);

    /// <summary>Starts the app and completes when it prints that it listens: no polling. <paramref name="settings"/> go in as environment variables.</summary>
    public static async Task<AppProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        // port 0: the system picks a free port and the app says which one it bound
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "IsoEdms.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment = { ["ISOEDMS_DB"] = connectionString, ["IsoEdms__Processes"] = Cli.Processes(""), ["Logging__LogLevel__Default"] = "Warning",
                            ["IsoEdms__Jobs__deadline-sweep"] = Hangfire.Cron.Never(), ["IsoEdms__Jobs__corrective-action-overdue"] = Hangfire.Cron.Never() },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        var process = Process.Start(psi)!;
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Line(string? line)
        {
            if (line is null) return;
            log.Enqueue(line);
            while (log.Count > 200) log.TryDequeue(out _);
        }
        process.OutputDataReceived += (_, e) =>
        {
            Line(e.Data);
            if (e.Data?.IndexOf("IsoEdms listening on ", StringComparison.Ordinal) is >= 0 and var i) ready.TrySetResult(e.Data[(i + 21)..].Trim());
        };
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"the app exited with {process.ExitCode}; its last lines:\n{string.Join('\n', log.TakeLast(40))}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // nodes started together take turns (the start-up lock): the last of three waits for the two before it, on a
        // machine that also runs the browser tests; three minutes is a bound for a hung start, not a measure of speed
        var url = await ready.Task.WaitAsync(TimeSpan.FromMinutes(3));
        return new AppProcess(process, url, log);
    }

    public static Task SignInAsync(HttpClient http, string person) => IsoEdms.Testing.ApiSignIn.SignInAsync(http, person);

    /// <summary>SIGKILL, no warning: nothing of the process's own runs after this.</summary>
    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
    }
}
