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
    public static ProblemHttpResult? Unit(HttpContext http, string? unit, bool headsOnly = false) => UnitRefusal(Of(http), unit, headsOnly)?.ToResult();

    /// <summary>The refusal when <paramref name="p"/> may not read (or, for <paramref name="headsOnly"/>, act on) <paramref name="unit"/>.</summary>
    public static Infrastructure.Refusal? UnitRefusal(Principal p, string? unit, bool headsOnly = false)
    {
        if (p.SeesAllUnits) return null;
        var mine = headsOnly ? p.HeadOf : p.Units;
        var list = mine.Count == 0 ? "none" : string.Join(", ", mine.Order());
        if (string.IsNullOrEmpty(unit)) return Outside($"name one of your units with 'unit' ({list})");
        return mine.Contains(unit) ? null : Outside($"'{unit}' is not one of your units ({list})");
    }

    private static Infrastructure.Refusal Outside(string detail) => new(403, "Outside your units", detail, "unit");

    public static ProblemHttpResult Forbidden(string detail) => Outside(detail).ToResult();
}

public static class PolicyCheck
{
    /// <summary>For a page that runs an endpoint's code directly: does the person satisfy the endpoint's policy?</summary>
    public static bool Satisfies(this Principal p, string policy) => p.HasAny(Policies.Roles[policy]);
}
