using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;

namespace IsoEdms.Ui.Layout;

/// <summary>
/// Names instead of codes, in the page's language: a unit, a role, a person, the unit a procedure step names. A code the
/// organisation does not know (a system actor such as <c>system:deadline</c>, an importer) stays as it is.
/// </summary>
public sealed class OrgNames(OrgSnapshot? org)
{
    public static readonly OrgNames None = new(null);

    public string Unit(string? code) => code is null ? "" : org?.Unit(code)?.Name is { } n ? L.T(n.Vi, n.En ?? n.Vi) : code;

    public string Role(string? code) => code is null ? "" : org?.Role(code)?.Name is { } n && n.Vi.Length > 0 ? L.T(n.Vi, n.En ?? n.Vi) : code;

    public string Person(string? code) => code is null ? "" : org?.Person(code)?.Name ?? code;

    /// <summary>The unit of a procedure step: the receiving unit, or a unit of the organisation.</summary>
    public string StepUnit(string unit) => unit == StepUnits.Receiving ? L.T("đơn vị tiếp nhận", "the receiving unit") : Unit(unit);
}
