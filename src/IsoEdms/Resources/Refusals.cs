namespace IsoEdms.Resources;

/// <summary>
/// The resource files of the refusals (<c>Refusals.resx</c> in Vietnamese, <c>Refusals.en.resx</c> in English), read
/// through <c>IStringLocalizer&lt;Refusals&gt;</c>: one entry per sentence code of the domain, with the values' names as
/// placeholders (<c>{person}</c>, <c>{unit2}</c>).
/// </summary>
public sealed class Refusals;
