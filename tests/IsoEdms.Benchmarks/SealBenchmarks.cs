using BenchmarkDotNet.Attributes;
using IsoEdms.Domain.Audit;
using IsoEdms.Domain.Cases;

namespace IsoEdms.Benchmarks;

/// <summary>
/// The seal of an event (every event stored is sealed into its stream's hash chain; an import seals about thirteen per
/// dossier): <see cref="EventChain.Seal"/> over a chain of <see cref="Batch"/> events, started and completed steps as a
/// dossier's history holds them.
/// </summary>
[MemoryDiagnoser]
public class SealBenchmarks
{
    public const int Batch = 1_000;
    private object[] _events = null!;
    private readonly Guid _stream = Guid.NewGuid();

    [GlobalSetup]
    public void Setup()
    {
        var at = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
        _events = Enumerable.Range(0, Batch).Select(i => i % 2 == 0
            ? (object)new StepStarted(_stream, $"buoc-{i}", "xa-quang-dien", "vt.mot-cua", i % 3 == 0 ? "nguyen-van-an" : null, 8m,
                DateOnly.FromDateTime(at.Date), at.AddHours(i), DateOnly.FromDateTime(at.Date).AddDays(1), false, "nguyen-van-an", at.AddMinutes(i))
            : new StepCompleted(_stream, "XQD-2026-000123", "chung-thuc.hop-dong-dat", $"buoc-{i - 1}", "xa-quang-dien", "vt.mot-cua",
                i % 4 == 1 ? "approve" : null, $"buoc-{i + 1}", 8m, at, at.AddHours(8), DateOnly.FromDateTime(at.Date), 95 + i,
                IsoEdms.Domain.Timeliness.Timeliness.OnTime, "standard", "pham-thi-lan", at.AddMinutes(i + 1))).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public string? Seal()
    {
        string? previous = null;
        for (var v = 0; v < _events.Length; v++) previous = EventChain.Seal(previous, _stream, v + 1, _events[v], "bench");
        return previous;
    }
}
