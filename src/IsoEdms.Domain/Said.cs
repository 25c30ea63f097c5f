using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace IsoEdms.Domain;

/// <summary>One value a sentence carries: its name in the sentence, what kind of thing it is, and the value as stored.</summary>
public sealed record SaidArg(string Name, string Kind, string Value);

/// <summary>
/// A sentence the domain says to a person (a refusal, mostly): a stable code, the values it carries, and its English words
/// for the command line, the logs and API clients that read English. The host words it in the reader's language from the
/// code and the values (a unit by its name, a date as dd/MM/yyyy), so the domain stays free of any language but its own
/// English. Written as an interpolated string whose holes say their kind in the format: <c>$"{by:person} is not a
/// {role:role} of {unit:unit} on {date:date}"</c>; a kind used twice is numbered (<c>unit</c>, <c>unit2</c>).
/// </summary>
public sealed record Said(string Code, string English, IReadOnlyList<SaidArg> Args)
{
    /// <summary>The kinds of value a sentence names; the host words each kind (docs/rules.md, "Words").</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>
    {
        "person", "role", "unit", "step", "date", "instant", "status", "code", "text", "outcome", "number",
        "persons", "units", "steps", "outcomes", "access", "accesses",
        // the words of a controlled document's problems: a place in the file, a value as found, an opening bracket or quote
        "place", "found", "opener", "limit",
    };

    public override string ToString() => English;
}

/// <summary>Builds a <see cref="Said"/> from an interpolated string (see <see cref="Said"/>).</summary>
[InterpolatedStringHandler]
public ref struct SaidText
{
    private readonly StringBuilder _english;
    private readonly List<SaidArg> _args;

    public SaidText(int literalLength, int formattedCount)
    {
        _english = new StringBuilder(literalLength + formattedCount * 12);
        _args = new List<SaidArg>(formattedCount);
    }

    public readonly void AppendLiteral(string s) => _english.Append(s);

    public readonly void AppendFormatted<T>(T value, string? format = null)
    {
        var kind = format ?? "text";
        if (!Said.Kinds.Contains(kind)) throw new ArgumentException($"unknown kind '{kind}' in a sentence", nameof(format));
        var (english, stored) = value switch
        {
            Named n => (n.English, n.Code),
            DateOnly d => (d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            DateTimeOffset t => (t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z", t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
            IEnumerable<string> list when value is not string => (string.Join(", ", list), string.Join(", ", list)),
            IFormattable f => (f.ToString(null, CultureInfo.InvariantCulture), f.ToString(null, CultureInfo.InvariantCulture)),
            _ => (value?.ToString() ?? "", value?.ToString() ?? ""),
        };
        var same = _args.Count(a => a.Kind == kind);
        _args.Add(new SaidArg(same == 0 ? kind : $"{kind}{same + 1}", kind, stored));
        _english.Append(english);
    }

    public readonly Said ToSaid(string code) => new(code, _english.ToString(), [.. _args]);
}

/// <summary>A value the English names in words of its own (a person as "Lê Thị Hoa (le-thi-hoa)") while the sentence carries its code.</summary>
public readonly record struct Named(string Code, string English)
{
    public override string ToString() => English;
}

public static class Say
{
    /// <summary>The sentence <paramref name="text"/>, known to every language by <paramref name="code"/>.</summary>
    public static Said It(string code, SaidText text) => text.ToSaid(code);
}
