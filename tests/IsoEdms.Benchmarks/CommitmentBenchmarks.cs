using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using IsoEdms.Domain.Audit;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Documents;

namespace IsoEdms.Benchmarks;

/// <summary>
/// The commitment of a receipt to its applicant's personal data (every receipt, live or imported, computes one; the audit
/// checks it again). <c>ByNodesBaseline</c> is the first way it was computed: the whole event serialised, parsed into a
/// node tree, the personal properties cut out and sorted. <c>Direct</c> is <see cref="PersonalData.Commit"/>: just those
/// properties' values written sorted. Both give the same hash (EventChainTests). Each operation commits
/// <see cref="Batch"/> receipts.
/// </summary>
[MemoryDiagnoser]
public class CommitmentBenchmarks
{
    public const int Batch = 1_000;
    private CaseReceived[] _receipts = null!;

    [GlobalSetup]
    public void Setup()
    {
        var at = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
        _receipts = Enumerable.Range(0, Batch).Select(i => new CaseReceived(Guid.NewGuid(), $"XQD-2026-{i:000000}", "chung-thuc.hop-dong-dat", 3,
            "sha256-of-the-definition", "vn-gov", 2, "standard", IsoEdms.Domain.Calendars.SuspensionPolicy.Pause, "working_days:3", "xa-quang-dien", "xa-quang-dien",
            new Applicant($"Nguyễn Thị Hồng {i}", $"0461234{i:00000}", "0905 123 456", $"{i} Lê Lợi, phường Thuận Hoá, Huế", i % 3 == 0 ? $"hong{i}@example.vn" : null),
            ["Hợp đồng chuyển nhượng", "CCCD"], at, DateOnly.FromDateTime(at.Date), at, at.AddDays(3), DateOnly.FromDateTime(at.Date).AddDays(3), true,
            "nguyen-van-an", at, $"salt-{i}")).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public string ByNodesBaseline()
    {
        var last = "";
        foreach (var r in _receipts)
        {
            var json = JsonNode.Parse(Canonical.ToJson(r))!.AsObject();
            var personal = new JsonObject(PersonalData.PropertiesOf(typeof(CaseReceived)).Select(n => KeyValuePair.Create(n, json[n]?.DeepClone())));
            last = Canonical.Sha256($"{r.PersonalSalt}\n{EventChain.SortedJson(personal)}");
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public string Direct()
    {
        var last = "";
        foreach (var r in _receipts) last = PersonalData.Commit(r.PersonalSalt!, r);
        return last;
    }
}
