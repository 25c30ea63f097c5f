using System.Diagnostics;
using System.Globalization;

namespace IsoEdms.Benchmarks;

/// <summary>
/// CPU time spent while a phase runs, read from Linux's <c>/proc</c>: the whole machine's busy time and its interrupts'
/// share, PostgreSQL's processes (when the server runs on this machine), the app's process and this benchmark's. Divided by the operations of the phase it gives the CPU an
/// operation costs, which this shared two-core machine reports more steadily than a rate does, and which says what each
/// side would allow if the other cost nothing.
/// </summary>
public static class CpuMeter
{
    /// <summary>
    /// CPU seconds of a phase: the machine's, PostgreSQL's (null when no PostgreSQL process runs here), the app's, this
    /// benchmark process's (its clients, and a baseline's server) and the kernel's interrupt work that no process is
    /// charged with (on this machine mostly the loopback network between the processes).
    /// </summary>
    public readonly record struct Spent(double Machine, double? Postgres, double App, double Bench, double Interrupts);

    /// <summary>What one operation cost, in milliseconds of CPU.</summary>
    public readonly record struct PerOperation(double MachineMs, double? PostgresMs, double AppMs, double BenchMs, double InterruptsMs)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"machine {MachineMs:0.00} ms = postgres {PostgresMs:0.00} + app {AppMs:0.00} + benchmark {BenchMs:0.00} + interrupts {InterruptsMs:0.00} + rest");
    }

    public static async Task<(T Result, Spent Cpu)> MeasureAsync<T>(Process? app, Func<Task<T>> phase)
    {
        if (!OperatingSystem.IsLinux()) return (await phase(), new Spent(double.NaN, null, double.NaN, double.NaN, double.NaN));   // no /proc to read
        using var self = Process.GetCurrentProcess();
        var (machine, interrupts) = MachineBusy();
        var postgres = PostgresTimes();
        var appBefore = ProcessSeconds(app);
        var benchBefore = ProcessSeconds(self);
        var result = await phase();
        var postgresAfter = PostgresTimes();
        var benchAfter = ProcessSeconds(self);
        var appAfter = ProcessSeconds(app);
        var (machineAfter, interruptsAfter) = MachineBusy();
        // a backend started during the phase counts from zero; one that ended during it is lost (pooled connections live on)
        double? pg = postgresAfter.Count == 0 ? null : postgresAfter.Sum(p => p.Value - postgres.GetValueOrDefault(p.Key));
        return (result, new Spent(machineAfter - machine, pg, appAfter - appBefore, benchAfter - benchBefore, interruptsAfter - interrupts));
    }

    public static PerOperation Per(Spent cpu, double operations) => operations <= 0 ? new(double.NaN, null, double.NaN, double.NaN, double.NaN) :
        new(cpu.Machine * 1000 / operations, cpu.Postgres * 1000 / operations, cpu.App * 1000 / operations, cpu.Bench * 1000 / operations, cpu.Interrupts * 1000 / operations);

    // /proc reports times in clock ticks of USER_HZ, which Linux fixes at 100 for user space on every architecture it runs here
    private const double TicksPerSecond = 100;

    /// <summary>
    /// The machine's busy time so far, every CPU's time except idle, waiting for I/O and steal (time the host gave to
    /// another machine), and the interrupts' share of it.
    /// </summary>
    private static (double Busy, double Interrupts) MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal
        return ((fields[0] + fields[1] + fields[2] + fields[5] + fields[6]) / TicksPerSecond, (fields[5] + fields[6]) / TicksPerSecond);
    }

    /// <summary>User and system time of every process whose command is <c>postgres</c>, by process id.</summary>
    private static Dictionary<int, double> PostgresTimes()
    {
        var times = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }   // the process ended meanwhile
            catch (UnauthorizedAccessException) { continue; }
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open || stat[(open + 1)..close] != "postgres") continue;
            var rest = stat[(close + 2)..].Split(' ');   // from the state field on: utime and stime are the 12th and 13th
            times[pid] = (long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        return times;
    }

    private static double ProcessSeconds(Process? process)
    {
        if (process is null) return 0;
        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds;
    }
}
