using Hangfire.Logging;
using HfLevel = Hangfire.Logging.LogLevel;
using MsLevel = Microsoft.Extensions.Logging.LogLevel;

namespace IsoEdms.Infrastructure;

/// <summary>
/// Hangfire keeps its log provider in a process-wide static. When several hosts live in one process (tests),
/// a disposed ILoggerFactory of an earlier host makes logging throw inside the worker loop, and enqueued jobs
/// stall (docs/stack.md, "Hangfire"). This provider swallows only that case.
/// </summary>
public sealed class SafeHangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new SafeLog(factory, name);

    private sealed class SafeLog(ILoggerFactory factory, string name) : ILog
    {
        public bool Log(HfLevel logLevel, Func<string>? messageFunc, Exception? exception)
        {
            try
            {
                var logger = factory.CreateLogger(name);
                var level = logLevel switch
                {
                    HfLevel.Trace => MsLevel.Trace,
                    HfLevel.Debug => MsLevel.Debug,
                    HfLevel.Info => MsLevel.Information,
                    HfLevel.Warn => MsLevel.Warning,
                    HfLevel.Error => MsLevel.Error,
                    _ => MsLevel.Critical,
                };
                if (messageFunc is null) return logger.IsEnabled(level);
                logger.Log(level, exception, "{Message}", messageFunc());
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
