using System.Globalization;
using IsoEdms.Domain.Audit;
using JasperFx.Events;

namespace IsoEdms.Audit;

public sealed record ChainProblem(Guid StreamId, string? CaseCode, long Version, string Problem)
{
    public override string ToString() => $"{(CaseCode is null ? $"stream {StreamId}" : $"case {CaseCode} ({StreamId})")} v{Version}: {Problem}";
}

public sealed record ChainReport(long Events, int Streams, IReadOnlyList<ChainProblem> Problems);

/// <summary><c>audit verify</c>, part one: recompute every stream's chain of seals from the stored events.</summary>
public static class AuditVerify
{
    public static async Task<ChainReport> VerifyChainsAsync(IDocumentStore store, Action<long>? progress, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var last = new Dictionary<Guid, (long Version, string? Seal)>();
        var codes = new Dictionary<Guid, string>();
        var problems = new List<ChainProblem>();
        var broken = new HashSet<Guid>();
        var tombstones = new HashSet<Guid>();
        long sequence = 0, count = 0;
        // receipts stored before personal data had its own commitment were sealed over the data itself: once erased, their
        // seal cannot be recomputed, and the erasure recorded on the case stands for it (the chain after it still verifies)
        var erased = (await session.Events.QueryRawEventDataOnly<PersonalDataErased>().ToListAsync(ct))
            .SelectMany(x => x.Versions.Select(v => (x.CaseId, v))).ToHashSet();
        void Problem(Guid stream, long version, string text)
        {
            if (broken.Add(stream)) problems.Add(new ChainProblem(stream, codes.GetValueOrDefault(stream), version, text));
        }
        for (;;)
        {
            var page = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > sequence).OrderBy(e => e.Sequence).Take(5000).ToListAsync(ct);
            if (page.Count == 0) break;
            foreach (var e in page)
            {
                // Marten fills the sequence gaps of failed transactions with tombstones in a stream of its own: not ours to seal
                if (e.EventTypeName == "tombstone") { tombstones.Add(e.StreamId); continue; }
                count++;
                if (e.Data is CaseReceived r) codes[e.StreamId] = r.Code;
                var (prevVersion, prevSeal) = last.TryGetValue(e.StreamId, out var p) ? p : (0L, null);
                last[e.StreamId] = (e.Version, EventSealing.SealOf(e));
                if (broken.Contains(e.StreamId)) continue;
                if (e.Version != prevVersion + 1) { Problem(e.StreamId, e.Version, $"expected version {prevVersion + 1}: events were removed or reordered"); continue; }
                var stored = EventSealing.SealOf(e);
                if (stored is null) { Problem(e.StreamId, e.Version, "the event has no seal"); continue; }
                var expected = EventChain.Seal(prevSeal, e.StreamId, e.Version, e.Data, e.UserName);
                if (stored != expected && e.Data is IHoldsPersonalData { PersonalCommitment: null } && erased.Contains((e.StreamId, e.Version))) continue;
                if (stored != expected) Problem(e.StreamId, e.Version, $"{e.EventTypeName}: " + (prevSeal is not null && e.Version > 1
                    ? "the seal does not match the event's data or its predecessor: the event was altered"
                    : "the seal does not match the event's data: the event was altered"));
                else if (PersonalData.Problem(e.Data) is { } personal) Problem(e.StreamId, e.Version, $"{e.EventTypeName}: {personal}");
            }
            sequence = page[^1].Sequence;
            progress?.Invoke(count);
        }
        // an event removed from the end leaves the stream's recorded version ahead of its last event
        var streams = await session.AdvancedSql.QueryAsync<string>($"select id::text || ' ' || version::text from {MartenSetup.Schema}.mt_streams", ct);
        foreach (var row in streams)
        {
            var id = Guid.Parse(row[..36]);
            var version = long.Parse(row[37..], CultureInfo.InvariantCulture);
            if (tombstones.Contains(id)) continue;
            var seen = last.TryGetValue(id, out var l) ? l.Version : 0;
            if (seen != version) Problem(id, version, $"the stream records version {version} but its last stored event is version {seen}: events were removed");
        }
        return new ChainReport(count, last.Count, problems);
    }
}
