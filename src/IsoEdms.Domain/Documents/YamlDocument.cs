using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IsoEdms.Domain.Documents;

/// <summary>
/// Reads a YAML file into nodes that remember their line and column, and checks keys and types with
/// messages that name the file, the line and the column. Every reader method records problems and keeps going,
/// so one pass reports every error in a file.
/// </summary>
public sealed partial class YamlDocument
{
    public string Path { get; }
    public YamlMappingNode? Root { get; }
    public List<Diagnostic> Errors { get; } = [];

    private YamlDocument(string path, YamlMappingNode? root) { Path = path; Root = root; }

    public static YamlDocument Parse(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var doc = new YamlDocument(path, null);
            var msg = ex.InnerException?.Message ?? ex.Message;
            msg = CleanYamlMessage().Replace(msg, "").Trim();
            // the parser notices an unclosed bracket or quote where it gives up, often lines later: name where it opened
            if (FlowText.Unclosed(text) is { } open && open.Line <= ex.Start.Line)
                doc.Errors.Add(Diagnostic.Of(path, open.Line, open.Column, Say.It("yaml_never_closed_at", $"YAML syntax error: this {open.Describe():opener} is never closed ({msg})")));
            else
                doc.Errors.Add(Diagnostic.Of(path, (int)ex.Start.Line, (int)ex.Start.Column, Say.It("yaml_syntax", $"YAML syntax error: {msg}")));
            return doc;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet gives up without a position on some incomplete documents (an unclosed '[', '{' or quote)
            var doc = new YamlDocument(path, null);
            doc.Errors.Add(FlowText.Unclosed(text) is { } open
                ? Diagnostic.Of(path, open.Line, open.Column, Say.It("yaml_never_closed", $"YAML syntax error: this {open.Describe():opener} is never closed"))
                : Diagnostic.Of(path, 1, 1, Say.It("yaml_incomplete", $"YAML syntax error: the document is incomplete (an unclosed '[', '{{' or quote?)")));
            return doc;
        }
        if (stream.Documents.Count == 0)
        {
            var empty = new YamlDocument(path, null);
            empty.Errors.Add(Diagnostic.Of(path, 1, 1, Say.It("file_empty", $"the file is empty")));
            return empty;
        }
        if (stream.Documents.Count > 1)
        {
            var d = new YamlDocument(path, null);
            var second = stream.Documents[1].RootNode.Start;
            d.Errors.Add(Diagnostic.Of(path, (int)second.Line, (int)second.Column, Say.It("yaml_second_document", $"one document per file: found a second '---' document")));
            return d;
        }
        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode map)
        {
            var bad = new YamlDocument(path, null);
            bad.Errors.Add(Diagnostic.Of(path, (int)root.Start.Line, (int)root.Start.Column, Say.It("yaml_top_not_mapping", $"expected a mapping of keys at the top of the file")));
            return bad;
        }
        return new YamlDocument(path, map);
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):")]
    private static partial Regex CleanYamlMessage();

    public void Error(YamlNode node, string message) =>
        Errors.Add(new Diagnostic(Path, (int)node.Start.Line, (int)node.Start.Column, message));

    public void Error(int line, int column, string message) => Errors.Add(new Diagnostic(Path, line, column, message));

    public void Error(YamlNode node, Said said) => Errors.Add(Diagnostic.Of(Path, (int)node.Start.Line, (int)node.Start.Column, said));

    public void Error(int line, int column, Said said) => Errors.Add(Diagnostic.Of(Path, line, column, said));

    /// <summary>Reports keys not in <paramref name="allowed"/> and duplicate keys.</summary>
    public void CheckKeys(YamlMappingNode map, string where, params string[] allowed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!seen.Add(name)) Error(key, Say.It("key_duplicate", $"duplicate key '{name:code}' in {where:place}"));
            else if (!allowed.Contains(name))
                Error(key, Say.It("key_unknown", $"unknown key '{name:code}' in {where:place}; expected one of: {string.Join(", ", allowed):code}"));
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "read through the document, like its other accessors")]
    public YamlNode? Get(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode s && s.Value == key) return v;
        return null;
    }

    public YamlNode? Required(YamlMappingNode map, string key, string where)
    {
        var node = Get(map, key);
        if (node is null) Error(map, Say.It("key_missing", $"missing required key '{key:code}' in {where:place}"));
        return node;
    }

    public string? Text(YamlNode? node, string what)
    {
        if (node is null) return null;
        if (node is YamlScalarNode s && s.Value is not null && !(s.Style == ScalarStyle.Plain && (s.Value is "" or "~" or "null")))
            return s.Value;
        Error(node, Say.It("value_not_text", $"'{what:code}' must be a text value"));
        return null;
    }

    public int? WholeNumber(YamlNode? node, string what, int min = int.MinValue)
    {
        if (node is null) return null;
        if (node is YamlScalarNode s && s.Style == ScalarStyle.Plain &&
            int.TryParse(s.Value, NumberStyles.None | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            if (i < min) { Error(node, Say.It("value_below_min", $"'{what:code}' must be {min:number} or more, got {i:number}")); return null; }
            return i;
        }
        Error(node, Say.It("value_not_whole", $"'{what:code}' must be a whole number, got {Describe(node):found}"));
        return null;
    }

    public decimal? Number(YamlNode? node, string what, decimal min = decimal.MinValue)
    {
        if (node is null) return null;
        if (node is YamlScalarNode s && s.Style == ScalarStyle.Plain &&
            decimal.TryParse(s.Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
        {
            if (d < min) { Error(node, Say.It("value_below_min", $"'{what:code}' must be {min:number} or more, got {d:number}")); return null; }
            return d / 1.000000000000000000000000000000000m;   // canonical scale: 1.0 and 1 are the same number
        }
        Error(node, Say.It("value_not_number", $"'{what:code}' must be a number, got {Describe(node):found}"));
        return null;
    }

    public bool? Boolean(YamlNode? node, string what)
    {
        if (node is null) return null;
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } s) return s.Value == "true";
        Error(node, Say.It("value_not_boolean", $"'{what:code}' must be true or false, got {Describe(node):found}"));
        return null;
    }

    public DateOnly? Date(YamlNode? node, string what)
    {
        if (node is null) return null;
        if (node is YamlScalarNode s && DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return d;
        Error(node, Say.It("value_not_date", $"'{what:code}' must be a date written YYYY-MM-DD, got {Describe(node):found}"));
        return null;
    }

    public TimeOnly? Time(YamlNode? node, string what)
    {
        if (node is null) return null;
        if (node is YamlScalarNode s && TimeOnly.TryParseExact(s.Value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            return t;
        Error(node, Say.It("value_not_time", $"'{what:code}' must be a time written HH:MM, got {Describe(node):found}"));
        return null;
    }

    public YamlMappingNode? Mapping(YamlNode? node, string what)
    {
        if (node is null) return null;
        if (node is YamlMappingNode m) return m;
        Error(node, Say.It("value_not_mapping", $"'{what:code}' must be a mapping ({{ key: value, ... }}), got {Describe(node):found}"));
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string what)
    {
        if (node is null) return null;
        if (node is YamlSequenceNode s) return s;
        Error(node, Say.It("value_not_list", $"'{what:code}' must be a list ([a, b] or '- item' lines), got {Describe(node):found}"));
        return null;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value is null or "" ? "an empty value" : $"'{Truncate(s.Value)}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
