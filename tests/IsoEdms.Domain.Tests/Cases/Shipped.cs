using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;

namespace IsoEdms.Domain.Tests.Cases;

/// <summary>The shipped procedures and organisation, folded the way the event store folds them.</summary>
public static class Shipped
{
    private static readonly Lazy<ProcessSet> Set = new(() => ProcessSet.Load(RepoPaths.Processes));

    public static ProcedureDefinition Procedure(string code) => Set.Value.Procedures.Single(p => p.Value.Code == code && p.Value.Version == 1).Value;

    public static OrgData OrgData => Set.Value.Org;

    public static OrgSnapshot Org { get; } = Fold(OrgLoading.Plan(Set.Value.Org, [], new OrgSnapshot([], []), new Dictionary<Guid, long>(), new DateOnly(2026, 1, 1), "test", DateTimeOffset.UnixEpoch));

    public static OrgSnapshot Fold(OrgPlan plan)
    {
        var units = new List<UnitRecord>();
        var people = new List<PersonRecord>();
        var roles = new List<RoleRecord>();
        foreach (var a in plan.Appends)
        {
            switch (a.Events[0])
            {
                case RoleDefined r:
                    roles.Add(RoleRecord.Create(r));
                    break;
                case UnitCreated c:
                    var u = UnitRecord.Create(c);
                    foreach (var e in a.Events.Skip(1)) { if (e is UnitRenamed r) u.Apply(r); else if (e is UnitMerged m) u.Apply(m); else if (e is UnitEnded x) u.Apply(x); }
                    units.Add(u);
                    break;
                case PersonAssigned pa:
                    var p = PersonRecord.Create(pa);
                    foreach (var e in a.Events.Skip(1)) { if (e is PersonAssigned more) p.Apply(more); else if (e is PersonUnassigned un) p.Apply(un); else if (e is PersonContactSet cs) p.Apply(cs); }
                    people.Add(p);
                    break;
            }
        }
        return new OrgSnapshot(units, people, roles);
    }

    public static CaseContext Context(string procedure, bool asRecorded = false)
    {
        var def = Procedure(procedure);
        return new CaseContext(def, Canonical.Sha256(def), TestCalendars.VnGov, Org, asRecorded);
    }

    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(7)).ToUniversalTime();
}

/// <summary>Given events, when a decision, then events: a helper of about twenty lines, so each test reads as a specification.</summary>
public sealed class Given(CaseContext ctx, Guid id, string code, string unit, string receiver, DateTimeOffset at)
{
    public List<object> History { get; } = [.. Ok(CaseDecider.Receive(id, new ReceiveCase(code, unit, null, new Applicant("Nguyễn Thị Mơ"), []), ctx, receiver, at))];

    public CaseState State => CaseState.Fold(History)!;

    public Given Then(Func<CaseState, CaseResult> decide)
    {
        History.AddRange(Ok(decide(State)));
        return this;
    }

    public static IReadOnlyList<object> Ok(CaseResult r)
    {
        r.Error.ShouldBeNull();
        return r.Events;
    }
}
