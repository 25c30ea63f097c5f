using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace IsoEdms.Tests.Notifications;

/// <summary>
/// The SMTP server as a process of its own (tests/IsoEdms.MailSink) on a loopback port: each accepted mail is one file,
/// announced on its standard output, so a test waits for the announcement, not for time to pass.
/// </summary>
public sealed class MailSinkProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _arrivals = Channel.CreateUnbounded<string>();

    public int Port { get; }
    public string Folder { get; }

    private MailSinkProcess(Process process, int port, string folder) => (_process, Port, Folder) = (process, port, folder);

    /// <summary>A loopback port nothing listens on now (the system's choice, released at once).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static async Task<MailSinkProcess> StartAsync(int port, string folder)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "IsoEdms.MailSink.dll"), port.ToString(System.Globalization.CultureInfo.InvariantCulture), folder])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var process = Process.Start(psi)!;
        var sink = new MailSinkProcess(process, port, folder);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.StartsWith("MailSink listening", StringComparison.Ordinal)) ready.TrySetResult();
            else if (e.Data.StartsWith("MailSink received ", StringComparison.Ordinal)) sink._arrivals.Writer.TryWrite(e.Data["MailSink received ".Length..]);
        };
        process.ErrorDataReceived += (_, _) => { };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"the mail sink exited with {process.ExitCode}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return sink;
    }

    /// <summary>The next mail that arrives and matches, within <paramref name="timeout"/>.</summary>
    public async Task<MimeMessage> NextAsync(Func<MimeMessage, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var file = await _arrivals.Reader.ReadAsync(cts.Token);
            var mail = await MimeMessage.LoadAsync(file, cts.Token);
            if (match(mail)) return mail;
        }
    }

    /// <summary>Every mail this folder holds (of this and earlier sinks on it).</summary>
    public static IReadOnlyList<MimeMessage> All(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml").Select(f => MimeMessage.Load(f)).ToList() : [];

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>What the SMS/Zalo gateway received: its JSON body and the idempotency key.</summary>
public sealed record GatewayCall(string Id, string Channel, string To, string Text, string IdempotencyKey);

/// <summary>
/// A gateway on a loopback port, in the test process: it answers 503 to the first <see cref="FailFirst"/> requests (a
/// gateway down for a moment), then 200, and records what it accepted.
/// </summary>
public sealed class GatewayStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<GatewayCall> _accepted = Channel.CreateUnbounded<GatewayCall>();
    private int _failLeft;

    public string Url { get; }
    public ConcurrentQueue<GatewayCall> Accepted { get; } = new();
    public ConcurrentQueue<string> Refused { get; } = new();

    private GatewayStub(WebApplication app, string url, int failFirst) => (_app, Url, _failLeft) = (app, url, failFirst);

    public int FailFirst { set => Interlocked.Exchange(ref _failLeft, value); }

    public static async Task<GatewayStub> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        GatewayStub? stub = null;
        app.MapPost("/send", async (HttpContext http) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body);
            var r = doc.RootElement;
            var call = new GatewayCall(r.GetProperty("id").GetString()!, r.GetProperty("channel").GetString()!, r.GetProperty("to").GetString()!,
                r.GetProperty("text").GetString()!, http.Request.Headers["Idempotency-Key"].ToString());
            if (Interlocked.Decrement(ref stub!._failLeft) >= 0)
            {
                stub.Refused.Enqueue(call.Id);
                return Results.StatusCode(503);
            }
            stub.Accepted.Enqueue(call);
            stub._accepted.Writer.TryWrite(call);
            return Results.Ok();
        });
        await app.StartAsync();
        stub = new GatewayStub(app, app.Urls.First() + "/send", failFirst);
        return stub;
    }

    public async Task<GatewayCall> NextAsync(Func<GatewayCall, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var call = await _accepted.Reader.ReadAsync(cts.Token);
            if (match(call)) return call;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>Reads until the answer is as expected or the time is up (for what another process or queue writes).</summary>
public static class Poll
{
    private static string Show<T>(T value)
    {
        try { return System.Text.Json.JsonSerializer.Serialize(value); }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException) { return value?.ToString() ?? "null"; }
    }

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s; last read {Show(value)}");
            await Task.Delay(100);
        }
    }
}
