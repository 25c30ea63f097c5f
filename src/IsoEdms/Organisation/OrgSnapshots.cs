using System.Collections.Concurrent;
using IsoEdms.Domain.Organisation;
using JasperFx.Events;
using Marten.Events.Projections;

namespace IsoEdms.Organisation;

/// <summary>How many organisation events the store holds: it changes with every unit or person event, so it versions the organisation.</summary>
public sealed class OrgStamp
{
    public const string Key = "org";
    public string Id { get; set; } = Key;
    public long Events { get; set; }
}

/// <summary>Inline: the stamp moves in the same transaction as the organisation event, so a change of roles is seen by the next command.</summary>
public sealed class OrgStampProjection : MultiStreamProjection<OrgStamp, string>
{
    public OrgStampProjection()
    {
        Counts<RoleDefined>();
        Counts<UnitCreated>();
        Counts<UnitRenamed>();
        Counts<UnitAgencyCodeSet>();
        Counts<UnitMerged>();
        Counts<UnitEnded>();
        Counts<PersonAssigned>();
        Counts<PersonUnassigned>();
        Counts<PersonRenamed>();
        Counts<PersonContactSet>();
    }

    /// <summary>
    /// An event of the organisation moves the one stamp. Its type is also named as one the projection reads: with the
    /// generic <see cref="Evolve"/> Marten cannot tell which events it uses, and a rebuild would read every event of the
    /// store (every case event) to count a few hundred.
    /// </summary>
    private void Counts<TEvent>() where TEvent : notnull
    {
        Identity<TEvent>(_ => OrgStamp.Key);
        IncludeType<TEvent>();
    }

    public override OrgStamp Evolve(OrgStamp? snapshot, string id, IEvent e)
    {
        snapshot ??= new OrgStamp { Id = id };
        snapshot.Events++;
        return snapshot;
    }
}

/// <summary>
/// The whole organisation as decisions read it, kept in memory per database and per <see cref="OrgStamp"/>: a command reads
/// one small document instead of every unit, and a change of the organisation (a new stamp) is seen by the next command.
/// Nothing here must be unique to a process: a cold or stale entry costs one read of the units and people.
/// </summary>
public sealed class OrgSnapshots
{
    private readonly ConcurrentDictionary<string, (long Stamp, OrgSnapshot Org)> _byDatabase = new();

    public async Task<OrgSnapshot> CurrentAsync(IQuerySession session, CancellationToken ct) =>
        await ForStampAsync(session, await session.LoadAsync<OrgStamp>(OrgStamp.Key, ct), ct);

    /// <summary>The organisation last read for the store's database, without reading it again (for wording names only).</summary>
    public OrgSnapshot? Latest(IDocumentStore store) =>
        _byDatabase.TryGetValue(store.Storage.Database.Id.ToString(), out var cached) ? cached.Org : null;

    public async Task<OrgSnapshot> ForStampAsync(IQuerySession session, OrgStamp? stamp, CancellationToken ct)
    {
        var key = session.Database.Id.ToString();
        var events = stamp?.Events ?? 0;
        if (_byDatabase.TryGetValue(key, out var cached) && cached.Stamp == events) return cached.Org;
        var org = await OrgLoad.Snapshot(session, ct);
        _byDatabase[key] = (events, org);
        return org;
    }
}
