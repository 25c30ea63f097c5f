using IsoEdms.Domain.Organisation;

namespace IsoEdms.Organisation;

public sealed record UnitView(string Code, string NameVi, string? NameEn, string Level, string? Parent, DateOnly? From, DateOnly? Ended, IReadOnlyList<string> MergedInto, IReadOnlyList<UnitName> Names);
public sealed record PersonView(string Code, string Name, string? Unit, IReadOnlyList<string> Roles, IReadOnlyList<Assignment> Assignments);

public static class OrgEndpoints
{
    /// <summary>Units over time. <c>on=DATE</c> keeps the units that existed that day, with the name they had.</summary>
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/org/units")]
    public static async Task<Ok<List<UnitView>>> Units(DateOnly? on, IQuerySession session, CancellationToken ct)
    {
        var units = await session.Query<UnitRecord>().OrderBy(u => u.Code).ToListAsync(ct);
        return TypedResults.Ok(units.Where(u => on is null || u.ExistsOn(on.Value)).Select(u =>
        {
            var name = on is { } d ? u.NameOn(d) : u.Name;
            return new UnitView(u.Code, name.Vi, name.En, u.Level, u.Parent, u.From, u.Ended, u.MergedInto, u.Names);
        }).ToList());
    }

    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/org/people")]
    public static async Task<IReadOnlyList<PersonView>> People(string? unit, IQuerySession session, CancellationToken ct)
    {
        var people = await session.Query<PersonRecord>().OrderBy(p => p.Code).ToListAsync(ct);
        return people.Where(p => unit is null || p.Current?.Unit == unit)
            .Select(p => new PersonView(p.Code, p.Name, p.Current?.Unit, p.Current?.Roles ?? [], p.Assignments)).ToList();
    }
}
