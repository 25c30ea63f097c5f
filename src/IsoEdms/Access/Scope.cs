using IsoEdms.Domain.Access;

namespace IsoEdms.Access;

/// <summary>
/// The unit half of every permission. The endpoint's policy has already checked the role; these check that the record or
/// the unit asked for is one of the person's (quality officers, auditors and administrators see every unit).
/// </summary>
public static class Scope
{
    public static Principal Of(HttpContext http) => AccessClaims.Of(http.User) ?? throw new InvalidOperationException("no signed-in person (the endpoint lacks a policy)");

    /// <summary>Null when <paramref name="unit"/> may be read (or acted on, for <paramref name="headsOnly"/>); otherwise the 403 answer.</summary>
    public static IResult? Unit(HttpContext http, string? unit, bool headsOnly = false)
    {
        var p = Of(http);
        if (p.SeesAllUnits) return null;
        var mine = headsOnly ? p.HeadOf : p.Units;
        var list = mine.Count == 0 ? "none" : string.Join(", ", mine.Order());
        if (string.IsNullOrEmpty(unit)) return Forbidden($"name one of your units with 'unit' ({list})");
        return mine.Contains(unit) ? null : Forbidden($"'{unit}' is not one of your units ({list})");
    }

    public static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: 403, title: "Outside your units", detail: detail,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["unit"] = [detail] } });
}

public static class PolicyCheck
{
    /// <summary>For a page that runs an endpoint's code directly: does the person satisfy the endpoint's policy?</summary>
    public static bool Satisfies(this Principal p, string policy) => p.HasAny(Policies.Roles[policy]);
}
