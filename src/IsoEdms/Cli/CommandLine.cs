using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Microsoft.Extensions.DependencyInjection;

namespace IsoEdms.Cli;

/// <summary>
/// The command-line verbs, declared with System.CommandLine (one file per verb beside this one). Exit codes: 0 done,
/// 1 refused or invalid input, 2 usage (an unknown verb or option, a missing or malformed argument).
/// </summary>
public sealed class CommandLine(IServiceProvider services)
{
    /// <summary>The executable's entry: the database of ISOEDMS_DB (or the embedded default) and the system clock.</summary>
    public static Task<int> RunAsync(string[] argv, TextWriter stdout, TextWriter stderr) =>
        new CommandLine(CliServices.Create()).RunAsync(argv, stdout, stderr, Console.In);

    public async Task<int> RunAsync(string[] argv, TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        var cli = new CliContext(services, stdout, stderr, stdin ?? TextReader.Null);
        var root = Build(cli);
        // the run's language: --lang, else the container's (ISOEDMS_LANG, else Vietnamese); this run's async flow only
        var language = CliLanguage.Parse(root.Parse(argv).GetValue(cli.LangOption)) ?? services.GetRequiredService<CliLanguage>();
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = language.Culture;
        HelpWords.Apply(root);
        try { return await RunInLanguageAsync(cli, root, argv, stdout, stderr); }
        finally { System.Globalization.CultureInfo.CurrentUICulture = before; }
    }

    private static async Task<int> RunInLanguageAsync(CliContext cli, Command root, string[] argv, TextWriter stdout, TextWriter stderr)
    {
        if (argv.Length > 0 && !argv[0].StartsWith('-') && root.Subcommands.All(c => c.Name != argv[0]))
        {
            stderr.WriteLine(Ui.L.T($"isoedms: không có lệnh '{argv[0]}'", $"isoedms: unknown verb '{argv[0]}'"));
            await Help(root, stderr);
            return 2;
        }
        var parse = root.Parse(argv);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"{PathOf(parse.CommandResult.Command)}: {error.Message}");
            stderr.WriteLine($"{Ui.L.T("cách dùng", "usage")}: {Usage(parse.CommandResult.Command)}");
            return 2;
        }
        if (parse.GetValue(cli.TenantOption) is { } tenant && await WorkInTenantAsync(cli, parse, tenant, stderr) is { } refused)
            return refused;
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"{PathOf(parse.CommandResult.Command)}: {ex.Message}");
            stderr.WriteLine($"{Ui.L.T("cách dùng", "usage")}: {Usage(parse.CommandResult.Command)}");
            return 2;
        }
        catch (DatabaseUnavailableException ex)
        {
            stderr.WriteLine($"isoedms: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Points the run at the tenant's database; an exit code when that cannot be done.</summary>
    private static async Task<int?> WorkInTenantAsync(CliContext cli, ParseResult parse, string tenant, TextWriter stderr)
    {
        if (PathOf(parse.CommandResult.Command).StartsWith("isoedms tenants", StringComparison.Ordinal))
        {
            stderr.WriteLine(Ui.L.T($"{PathOf(parse.CommandResult.Command)}: danh sách tenant nằm trong cơ sở dữ liệu chính; không dùng --tenant ở đây",
                $"{PathOf(parse.CommandResult.Command)}: the tenants are kept in the home database; --tenant does not apply"));
            return 2;
        }
        try
        {
            cli.WorkIn(tenant, await Tenancy.TenantRegistry.ConnectionOfAsync(cli.HomeConnectionString, tenant, CancellationToken.None));
            return null;
        }
        catch (Tenancy.TenantException ex)
        {
            stderr.WriteLine($"isoedms: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Every verb of the README, in the order the help lists them.</summary>
    public static Command Build(CliContext cli)
    {
        var root = new Command("isoedms", RootDescription());
        Command[] verbs =
        [
            ProceduresVerb.Build(cli), CalendarsVerb.Build(cli), OrgVerb.Build(cli), UsersVerb.Build(cli), SurveysVerb.Build(cli),
            ImportVerb.Build(cli), ReportVerb.Build(cli), AuditVerb.Build(cli), DemoVerb.Build(cli), ProjectionsVerb.Build(cli),
            BenchVerb.Build(cli), CodegenVerb.Build(), PrivacyVerb.Build(cli), FormsVerb.Build(cli), AuditsVerb.Build(cli), ReviewVerb.Build(cli), ObjectivesVerb.Build(cli), RisksVerb.Build(cli), BackupVerbs.Backup(cli), BackupVerbs.Restore(cli), DeadlineVerb.Build(cli), TenantsVerb.Build(cli),
        ];
        root.Options.Add(new HelpOption());   // recursive: every verb answers --help
        root.Options.Add(cli.TenantOption);   // recursive too: every verb works in a tenant
        root.Options.Add(cli.LangOption);     // and speaks the language asked for
        cli.LangOption.Validators.Add(r =>
        {
            if (CliLanguage.Parse(r.GetValueOrDefault<string?>()) is null) r.AddError("--lang must be vi or en");
        });
        var help = new Command("help", "list the verbs and how to call them");
        help.SetAction((_, _) => Help(root, cli.Out));
        root.Subcommands.Add(help);
        foreach (var v in verbs) root.Subcommands.Add(v);
        root.SetAction((_, _) => Help(root, cli.Out));
        return root;
    }

    /// <summary>What the command line is, in the run's language.</summary>
    public static string RootDescription() => Ui.L.T(
        "IsoEdms — hệ thống quản lý chất lượng ISO điện tử / electronic ISO 9001 quality management.\n" +
        "Chạy không kèm lệnh để phục vụ ứng dụng web. " +
        $"Cơ sở dữ liệu là {Database.EnvironmentVariable} (chuỗi kết nối Npgsql) hoặc mặc định nhúng {Database.Describe(Database.EmbeddedDefault)}; " +
        "mọi lệnh nhận --tenant MÃ để làm việc trong cơ sở dữ liệu của một tenant (xem 'tenants'); --lang en để xem tiếng Anh.",
        "IsoEdms — hệ thống quản lý chất lượng ISO điện tử / electronic ISO 9001 quality management.\n" +
        "Run with no verb to serve the web app. " +
        $"The database is {Database.EnvironmentVariable} (an Npgsql connection string) or the embedded default {Database.Describe(Database.EmbeddedDefault)}; " +
        "every verb takes --tenant ID to work in a tenant's database instead (see 'tenants').");

    /// <summary>The verbs with their summaries, then one usage line per verb and sub-verb.</summary>
    private static async Task<int> Help(Command root, TextWriter o)
    {
        o.WriteLine(root.Description);
        o.WriteLine(Ui.L.T("cách dùng: dotnet run --project src/IsoEdms -- <lệnh> [tham số]   (isoedms <lệnh> --help để xem tùy chọn của lệnh)",
            "usage: dotnet run --project src/IsoEdms -- <verb> [args]   (isoedms <verb> --help for a verb's options)"));
        o.WriteLine();
        foreach (var v in root.Subcommands) o.WriteLine($"  {v.Name,-12} {v.Description}");
        o.WriteLine();
        foreach (var v in root.Subcommands.Where(v => v.Name != "help"))
            foreach (var c in v.Subcommands.Count > 0 ? v.Subcommands : [v])
                o.WriteLine($"  {Usage(c)}");
        await o.FlushAsync();
        return 0;
    }

    /// <summary>One line from a command's declared arguments and options: required ones bare, optional ones in brackets.</summary>
    public static string Usage(Command command) => Usage(command, PathOf(command));

    private static string PathOf(Command command)
    {
        var names = new List<string>();
        for (var c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, c.Name);
        return string.Join(' ', names);
    }

    private static string Usage(Command command, string path)
    {
        var parts = new List<string> { path };
        if (command.Subcommands.Count > 0) parts.Add(string.Join('|', command.Subcommands.Select(s => s.Name)) + " ...");
        foreach (var a in command.Arguments)
            parts.Add(a.Arity.MinimumNumberOfValues == 0 ? $"[{a.Name}{(a.Arity.MaximumNumberOfValues > 1 ? "..." : "")}]" : a.Name + (a.Arity.MaximumNumberOfValues > 1 ? "..." : ""));
        foreach (var o in command.Options.Where(o => o is not HelpOption && o is not VersionOption))
        {
            var text = o.Arity.MinimumNumberOfValues == 0 && o.ValueType == typeof(bool) ? o.Name : $"{o.Name} {o.HelpName ?? "VALUE"}";
            parts.Add(o.Required ? text : $"[{text}]");
        }
        return string.Join(' ', parts);
    }
}
