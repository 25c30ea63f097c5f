using IsoEdms.Domain;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Organisation;

namespace IsoEdms.Organisation;

/// <summary>What loading the organisation did: <see cref="Lines"/> in English, <see cref="Sentences"/> by code for the reader's language.</summary>
public sealed record OrgLoadReport(bool Ok, int Streams, int Events, IReadOnlyList<string> Lines)
{
    public IReadOnlyList<Said> Sentences { get; init; } = [];

    public static OrgLoadReport Of(bool ok, int streams, int events, IReadOnlyList<Said> sentences) =>
        new(ok, streams, events, [.. sentences.Select(s => s.English)]) { Sentences = sentences };
}

/// <summary>
/// <c>org load</c>: organisation files into unit and person streams. All or nothing, idempotent (a second load of the
/// same files appends nothing), each stream appended at its expected version.
/// </summary>
public static class OrgLoad
{
    public static readonly TimeZoneInfo VietnamTime = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    /// <summary>The date in Vietnam at <paramref name="instant"/>: the day whose organisation (units, roles) applies.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, VietnamTime).DateTime);

    public static DateOnly Today(TimeProvider clock) => LocalDate(clock.GetUtcNow());

    public static (OrgData? Org, IReadOnlyList<RoleDefinition> KnownRoles, IReadOnlyList<Diagnostic> Errors) Read(string root, IReadOnlyList<string> paths)
    {
        var files = new List<string>();
        var errors = new List<Diagnostic>();
        foreach (var p in paths)
        {
            if (File.Exists(p)) files.Add(p);
            else if (Directory.Exists(p)) files.AddRange(Directory.EnumerateFiles(p, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else errors.Add(new Diagnostic(p, 0, 0, "no such file or folder"));
        }
        var parts = new List<OrgData>();
        foreach (var f in files.Distinct())
        {
            var (org, errs) = OrgFile.Parse(f, File.ReadAllText(f));
            errors.AddRange(errs);
            if (org is not null) parts.Add(org);
        }
        // roles the files refer to but do not define come from the root's roles (processes/org/*.yaml)
        var known = new List<RoleDefinition>();
        var orgRoot = Path.Combine(root, "org");
        if (Directory.Exists(orgRoot))
            foreach (var f in Directory.EnumerateFiles(orgRoot, "*.y*ml").Order(StringComparer.Ordinal))
                if (OrgFile.Parse(f, File.ReadAllText(f)).Data is { } d) known.AddRange(d.Roles);
        return errors.Count > 0 ? (null, known, errors) : (OrgData.Merge(parts), known, errors);
    }

    public static async Task<OrgLoadReport> LoadAsync(IDocumentSession session, OrgData desired, IReadOnlyList<RoleDefinition> knownRoles, string by, DateTimeOffset now, CancellationToken ct)
    {
        var snapshot = await Snapshot(session, ct);
        var ids = desired.Units.Select(u => UnitRecord.StreamIdFor(u.Code)).Concat(desired.People.Select(p => PersonRecord.StreamIdFor(p.Id)))
            .Concat(desired.Roles.Select(r => RoleRecord.StreamIdFor(r.Code))).Distinct().ToList();
        var versions = new Dictionary<Guid, long>();
        foreach (var id in ids)
            if (await session.Events.FetchStreamStateAsync(id, ct) is { } state) versions[id] = state.Version;
        var today = LocalDate(now);
        var plan = OrgLoading.Plan(desired, knownRoles, snapshot, versions, today, by, now);
        if (plan.Errors.Count > 0)
            return OrgLoadReport.Of(false, 0, 0, [.. plan.Errors.Select(e => new Said("", e, [])),
                Say.It("org_nothing_loaded", $"nothing was loaded: {plan.Errors.Count:number} error(s)")]);
        foreach (var a in plan.Appends)
        {
            if (a.ExpectedVersion == 0)
            {
                if (a.Events[0] is UnitCreated) session.Events.StartStream<UnitRecord>(a.StreamId, a.Events.ToArray());
                else if (a.Events[0] is RoleDefined) session.Events.StartStream<RoleRecord>(a.StreamId, a.Events.ToArray());
                else session.Events.StartStream<PersonRecord>(a.StreamId, a.Events.ToArray());
            }
            else session.Events.Append(a.StreamId, a.ExpectedVersion + a.Events.Count, a.Events.ToArray());
        }
        var count = plan.Appends.Sum(a => a.Events.Count);
        // staged on the session: the caller's transaction commits them
        return OrgLoadReport.Of(true, plan.Appends.Count, count,
            [.. plan.Lines, count == 0 ? Say.It("org_unchanged", $"unchanged: the organisation already matches the files")
                : Say.It("org_loaded", $"{count:number} event(s) on {plan.Appends.Count:number} stream(s)")]);
    }

    /// <summary>The whole organisation (units, people and what their roles grant) as decisions see it.</summary>
    public static async Task<OrgSnapshot> Snapshot(IQuerySession session, CancellationToken ct) =>
        new(await session.Query<UnitRecord>().ToListAsync(ct), await session.Query<PersonRecord>().ToListAsync(ct), await session.Query<RoleRecord>().ToListAsync(ct));

    /// <summary>All units and only the named people: what one command needs.</summary>
    public static async Task<OrgSnapshot> SnapshotFor(IQuerySession session, IEnumerable<string?> people, CancellationToken ct)
    {
        var ids = people.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => PersonRecord.StreamIdFor(p!)).Distinct().ToArray();
        var persons = ids.Length == 0 ? [] : await session.LoadManyAsync<PersonRecord>(ct, ids);
        return new OrgSnapshot(await session.Query<UnitRecord>().ToListAsync(ct), persons, await session.Query<RoleRecord>().ToListAsync(ct));
    }
}
