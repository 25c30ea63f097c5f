using System.Buffers;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

// IsoEdms.MailSink PORT FOLDER: accepts every message on 127.0.0.1:PORT and writes it to FOLDER/<n>.eml (written under a
// temporary name first, so a reader never sees half a message). Prints one line when it listens; runs until killed.
if (args.Length != 2 || !int.TryParse(args[0], out var port))
{
    Console.Error.WriteLine("usage: IsoEdms.MailSink PORT FOLDER");
    return 2;
}
Directory.CreateDirectory(args[1]);
var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port))).Build();
var services = new ServiceProvider();
services.Add(new FolderStore(args[1]));
// "listening" is said when the library reports the endpoint bound, not guessed
var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var listeners = new SmtpServer.Net.EndpointListenerFactory();
listeners.EndpointStarted += (_, _) => listening.TrySetResult();
services.Add(listeners);
var server = new SmtpServer.SmtpServer(options, services);
var running = server.StartAsync(CancellationToken.None);
if (await Task.WhenAny(listening.Task, running) == running)
{
    await running;   // it stopped before listening: its exception says why
    return 1;
}
Console.WriteLine($"MailSink listening on {port}");
await running;
return 0;

internal sealed class FolderStore(string folder) : MessageStore
{
    private int _count;

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _count);
        var temp = Path.Combine(folder, $"{n}.tmp");
        await File.WriteAllBytesAsync(temp, buffer.ToArray(), cancellationToken);
        var file = Path.Combine(folder, $"{Environment.ProcessId}-{n}.eml");
        File.Move(temp, file);
        Console.WriteLine($"MailSink received {file}");
        return SmtpResponse.Ok;
    }
}
