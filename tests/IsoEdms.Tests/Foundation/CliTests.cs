namespace IsoEdms.Tests.Foundation;

public class CliTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task unknown_verbs_and_bad_arguments_print_usage_and_exit_2()
    {
        var r = await Cli.RunAsync(app.ConnectionString, "frobnicate");
        r.Exit.ShouldBe(2);
        r.Err.ShouldContain("unknown verb 'frobnicate'");
        r.Err.ShouldContain("procedures");
        var d = await Cli.RunAsync(app.ConnectionString, "deadline", "--calendar", "vn-gov", "--from", "2026-02-12 10:00", "--limit", "3 working days");
        d.Exit.ShouldBe(2);
        d.Err.ShouldContain("--from");
        d.Err.ShouldContain("usage:");
        (await Cli.RunAsync(app.ConnectionString, "deadline", "--calendar", "vn-gov", "--from", "2026-02-12T10:00:00+07:00", "--limit", "soon")).Exit.ShouldBe(2);
        (await Cli.RunAsync(app.ConnectionString, "procedures", "show")).Exit.ShouldBe(2);
    }

    [Fact]
    public async Task help_lists_every_verb()
    {
        var r = await Cli.RunAsync(app.ConnectionString, "help");
        r.Exit.ShouldBe(0);
        foreach (var verb in new[] { "procedures", "calendars", "deadline" }) r.Out.ShouldContain(verb);
    }

    /// <summary>
    /// Every command of the README's verb table answers <c>--help</c> (exit 0, nothing on standard error) and declares
    /// every option the README spells for it: a renamed or dropped option fails here, not at a user's terminal.
    /// </summary>
    [Fact]
    public async Task every_verb_of_the_readme_answers_help_with_the_options_the_readme_names()
    {
        var readme = await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Root, "README.md"));
        var table = readme.SkipWhile(l => !l.StartsWith("| verb |", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();
        table.Count.ShouldBeGreaterThan(15);
        var checkedCommands = 0;
        foreach (var row in table)
        {
            var cell = row.Split(" | ")[0];
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(cell, "`([^`]+)`"))
            {
                var words = m.Groups[1].Value.Replace("\\|", "|").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // "show CODE [VERSION]" continues the verb of its row ("procedures list / show ...")
                var verb = words[0] is "show" or "diff" or "retire" ? ["procedures", words[0]] : words.TakeWhile(w => !w.StartsWith('-') && w.All(c => char.IsLower(c) || c == '-')).Take(2).ToArray();
                var path = verb;
                var help = await Cli.RunAsync(app.ConnectionString, [.. path, "--help"]);
                help.Exit.ShouldBe(0, $"{string.Join(' ', path)} --help: {help.Err}");
                help.Err.ShouldBeEmpty();
                foreach (var option in words.Select(w => w.Trim('[', ']', '(', ')')).Where(w => w.StartsWith("--", StringComparison.Ordinal)))
                    help.Out.ShouldContain(option, customMessage: $"the README names {option} for '{string.Join(' ', path)}'");
                checkedCommands++;
            }
        }
        checkedCommands.ShouldBeGreaterThan(25);
    }

    [Fact]
    public async Task a_flag_never_takes_the_next_argument_as_its_value()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"isoedms-{Guid.NewGuid():N}.jsonl");
        var r = await Cli.RunAsync(app.ConnectionString, "import", "--dry-run", missing);
        r.Exit.ShouldBe(1);
        r.Err.ShouldContain($"no such file '{missing}'");
    }

    [Fact]
    public async Task an_unreachable_database_gives_one_line_naming_host_and_port()
    {
        var r = await Cli.RunAsync("Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Timeout=2", "procedures", "list");
        r.Exit.ShouldBe(1);
        r.Err.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("127.0.0.1:1");
        r.Err.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task publishing_refuses_everything_when_one_file_is_invalid()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"isoedms-{Guid.NewGuid():N}", "procedures");
        Directory.CreateDirectory(Path.Combine(folder, "ho-tich.khai-sinh"));
        Directory.CreateDirectory(Path.Combine(folder, "broken.one"));
        File.Copy(Path.Combine(Cli.Processes("procedures"), "ho-tich.khai-sinh", "v1.yaml"), Path.Combine(folder, "ho-tich.khai-sinh", "v1.yaml"));
        File.WriteAllText(Path.Combine(folder, "broken.one", "v1.yaml"), "procedure: broken.one\nversion: x\n");
        (await Cli.RunAsync(app.ConnectionString, "calendars", "publish", Cli.Processes("calendars"))).Exit.ShouldBe(0);

        var r = await Cli.RunAsync(app.ConnectionString, "procedures", "publish", "--root", RepoPaths.Processes, folder);
        r.Exit.ShouldBe(1);
        r.Err.ShouldContain("broken.one/v1.yaml:2:");
        r.Err.ShouldContain("nothing was published");
        (await Cli.RunAsync(app.ConnectionString, "procedures", "list")).Out.ShouldContain("no procedure is published");
    }

    [Fact]
    public async Task a_procedure_cannot_be_published_before_its_calendar()
    {
        var fresh = new AppFixture();
        await fresh.InitializeAsync();
        try
        {
            var r = await Cli.RunAsync(fresh.ConnectionString, "procedures", "publish", Path.Combine(Cli.Processes("procedures"), "ho-tich.khai-sinh"));
            r.Exit.ShouldBe(1);
            r.Err.ShouldContain("calendar 'vn-gov' is not published");
        }
        finally { await fresh.DisposeAsync(); }
    }

    [Fact]
    public async Task the_command_line_speaks_vietnamese_when_asked_and_its_json_stays_the_same()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"isoedms-{Guid.NewGuid():N}", "procedures");
        Directory.CreateDirectory(Path.Combine(folder, "broken.two"));
        File.WriteAllText(Path.Combine(folder, "broken.two", "v1.yaml"), "procedure: broken.two\nversion: x\n");

        // the problems of a file, with file and line, then the count and the outcome, in Vietnamese
        var vi = await Cli.RunAsync(app.ConnectionString, "procedures", "validate", "--root", RepoPaths.Processes, folder, "--lang", "vi");
        vi.Exit.ShouldBe(1);
        vi.Err.ShouldContain("broken.two/v1.yaml:2:10: 'version' phải là số nguyên, đang là 'x'.");
        vi.Err.ShouldContain("lỗi.");
        vi.Err.ShouldNotContain("must be a whole number");
        var en = await Cli.RunAsync(app.ConnectionString, "procedures", "validate", "--root", RepoPaths.Processes, folder);
        en.Err.ShouldContain("broken.two/v1.yaml:2:10: 'version' must be a whole number, got 'x'");

        // the import's summary and a line's refusal; the same run in English says the same numbers
        var file = Path.Combine(Path.GetDirectoryName(folder)!, "missing.jsonl");
        (await Cli.RunAsync(app.ConnectionString, "import", file, "--lang", "vi")).Err.ShouldContain($"isoedms import: không có tệp '{file}'.");
        File.WriteAllText(file, "{\"code\": 1}\n");
        var imported = await Cli.RunAsync(app.ConnectionString, "import", file, "--dry-run", "--lang", "vi");
        imported.Exit.ShouldBe(1);
        imported.Out.ShouldContain("Chạy thử: sẽ nhập 0, đã nhập từ trước 0, từ chối 1 trên 1 dòng.");
        imported.Err.ShouldContain("dòng 1: ");

        // the language can also come from ISOEDMS_LANG's value, and anything but vi or en is a usage error
        IsoEdms.Cli.CliLanguage.Parse("vi-VN").ShouldBe(new IsoEdms.Cli.CliLanguage("vi"));
        IsoEdms.Cli.CliLanguage.Parse("EN").ShouldBe(new IsoEdms.Cli.CliLanguage("en"));
        IsoEdms.Cli.CliLanguage.Parse("fr").ShouldBeNull();
        (await Cli.RunAsync(app.ConnectionString, "procedures", "list", "--lang", "fr")).Exit.ShouldBe(2);
    }

    [Fact]
    public async Task every_verb_s_summary_has_its_vietnamese()
    {
        var root = IsoEdms.Cli.CommandLine.Build(new IsoEdms.Cli.CliContext(IsoEdms.Cli.CliServices.Create(app.ConnectionString, language: "en"), TextWriter.Null, TextWriter.Null, TextReader.Null));
        IsoEdms.Cli.HelpWords.All(root).SelectMany(IsoEdms.Cli.HelpWords.Texts).Where(d => d != root.Description).Where(d => !IsoEdms.Cli.HelpWords.Vietnamese.ContainsKey(d)).Distinct()
            .ShouldBeEmpty("verb summaries without Vietnamese words in Cli/HelpWords.cs");
        var help = new StringWriter();
        (await new IsoEdms.Cli.CommandLine(IsoEdms.Cli.CliServices.Create(app.ConnectionString, language: "vi")).RunAsync(["help"], help, TextWriter.Null)).ShouldBe(0);
        help.ToString().ShouldContain("nhập hồ sơ đã giải quyết trên phần mềm khác");   // the import's summary, in the listing
        help.ToString().ShouldContain("cách dùng:");
    }
}
