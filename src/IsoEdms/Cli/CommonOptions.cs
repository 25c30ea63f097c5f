using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using IsoEdms.Domain.Documents;

namespace IsoEdms.Cli;

/// <summary>The kinds of option the verbs declare, and the typed parsers they share (each run builds its own symbols).</summary>
public static class CommonOptions
{
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<string?> Text(string name, string helpName, string description, bool required = false) =>
        new(name) { Description = description, HelpName = helpName, Required = required };

    /// <summary>A date written YYYY-MM-DD; anything else is a usage error naming the option.</summary>
    public static Option<DateOnly?> Date(string name, string description, bool required = false) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DD",
        Required = required,
        CustomParser = r => ParseDate(r, name),
    };

    /// <summary>An instant written ISO 8601 with its offset.</summary>
    public static Option<DateTimeOffset?> Instant(string name, string description, bool required = false) => new(name)
    {
        Description = description,
        HelpName = "ISO-8601",
        Required = required,
        CustomParser = r =>
        {
            if (Calendars.DeadlineInput.TryParseInstant(r.Tokens[0].Value, out var v, out var err)) return v;
            r.AddError($"{name}: {err}");
            return null;
        },
    };

    /// <summary>One of a fixed list of words.</summary>
    public static Option<string> OneOf(string name, string description, string defaultValue, params string[] words)
    {
        var o = new Option<string>(name) { Description = description, HelpName = string.Join('|', words), DefaultValueFactory = _ => defaultValue };
        o.AcceptOnlyFromAmong(words);
        return o;
    }

    /// <summary>A whole number of at least 1.</summary>
    public static Option<int?> Count(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = r => ParsePositive(r, name),
    };

    public static Argument<int> Number(string name) => new(name) { CustomParser = r => ParsePositive(r, name) ?? 0 };

    public static int? ParsePositive(ArgumentResult r, string what)
    {
        var s = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 1) return i;
        r.AddError($"{what} must be a whole number >= 1, got '{s}'");
        return null;
    }

    private static DateOnly? ParseDate(ArgumentResult r, string what)
    {
        var s = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        r.AddError($"{what}: '{s}' is not a date written YYYY-MM-DD");
        return null;
    }

    /// <summary>The process files a validate or publish verb reads: the paths given, else the kind's folder under the root.</summary>
    public static ProcessSet LoadSet(CliContext cli, ParseResult parse, Argument<string[]> paths, string kind)
    {
        var root = cli.Root(parse);
        var cwd = Directory.GetCurrentDirectory();
        if (Path.IsPathRooted(root) && Path.GetFullPath(root).StartsWith(cwd + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            root = Path.GetRelativePath(cwd, root);
        return ProcessSet.Load(root, PathsOrKind(parse, paths, root, kind));
    }

    /// <summary>The paths given on the command line, else the kind's folder under the processes folder.</summary>
    public static List<string> PathsOrKind(ParseResult parse, Argument<string[]> paths, string root, string kind) =>
        parse.GetValue(paths) is { Length: > 0 } given ? [.. given] : [Path.Combine(root, kind)];

    /// <summary>Prints the errors of a set of files (each with its file and line); true when there were any.</summary>
    public static bool ReportErrors(CliContext cli, ProcessSet set)
    {
        foreach (var d in set.Errors) cli.Err.WriteLine(cli.Say(d));
        if (set.Errors.Count > 0) cli.Err.WriteLine(cli.Say(Domain.Say.It("error_count", $"{set.Errors.Count:number} error(s)")));
        return set.Errors.Count > 0;
    }

    public static Argument<string[]> Paths(string name = "PATH") => new(name) { Arity = ArgumentArity.ZeroOrMore, Description = "files or folders (default: the kind's folder under the processes folder)" };
}
