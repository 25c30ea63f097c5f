using System.Globalization;
using System.Text.Json;
using IsoEdms.Calendars;
using IsoEdms.Cases.Importing;
using IsoEdms.Demo;
using IsoEdms.Monitoring;
using IsoEdms.Quality;
using IsoEdms.Organisation;
using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Procedures;
using IsoEdms.Infrastructure;
using IsoEdms.Procedures;
using Marten;

namespace IsoEdms.Cli;

public sealed class UsageException(string message) : Exception(message);

/// <summary>The command-line verbs. Exit codes: 0 done, 1 refused or invalid input, 2 usage.</summary>
public static class CommandLine
{
    /// <summary>Tests run verbs in-process against their own database; everyone else uses ISOEDMS_DB or the default.</summary>
    public static readonly AsyncLocal<string?> ConnectionOverride = new();

    /// <summary>Time for the verbs: the system clock, or the fake clock a test sets.</summary>
    public static readonly AsyncLocal<TimeProvider?> ClockOverride = new();
    private static TimeProvider Clock => ClockOverride.Value ?? TimeProvider.System;

    private sealed record Verb(string Name, string Usage, string Summary, Func<Args, TextWriter, TextWriter, Task<int>> Run);

    private static readonly Verb[] Verbs =
    [
        new("help", "help", "list the verbs", (_, o, _) => { PrintHelp(o); return Task.FromResult(0); }),
        new("procedures", "procedures validate|publish [PATH...] | list | show CODE [VERSION] | diff CODE V1 V2 | retire CODE VERSION --reason TEXT",
            "check, publish and read versioned procedure definitions", ProceduresAsync),
        new("calendars", "calendars validate|publish [PATH...] | list", "check, publish and list working calendars", CalendarsAsync),
        new("org", "org load [PATH...] | list", "load the organisation (units, people, roles over time) from processes/org", OrgAsync),
        new("users", "users password PERSON (the new password on standard input) | demo-passwords",
            "sign-in passwords: set one person's, or give everyone without one the documented demo password", UsersAsync),
        new("surveys", "surveys publish [PATH...]", "publish citizen satisfaction survey templates (processes/surveys)", SurveysAsync),
        new("import", "import FILE.jsonl [--dry-run] [--as-recorded]", "import dossiers handled in other software (one JSON object per line)", ImportAsync),
        new("report", "report timeliness --by unit|person|procedure|month --from YYYY-MM-DD --to YYYY-MM-DD [--unit U] [--level case|step] [--format table|json|csv]\n" +
                      "  isoedms report nonconformities --by unit|person [--from DATE] [--to DATE] [--format table|json|csv]\n" +
                      "  isoedms report corrective-actions [--format table|json|csv]",
            "the statistics: timeliness, nonconformities, corrective actions", ReportAsync),
        new("audit", "audit history CODE [--json] | case CODE --as-of ISO-8601 [--version N] [--json] | conformance [--unit U] [--from DATE --to DATE] [--json] [--raise] | verify | export CODE [--html] [--out FILE] | export --unit U --from DATE --to DATE [--out FILE]",
            "auditors: history, a case as of a moment, conformance to the procedure, integrity", AuditAsync),
        new("demo", "demo generate [--cases N] [--seed N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]",
            "write deterministic demo dossiers in the import format", DemoAsync),
        new("projections", "projections rebuild [NAME...]",
            "rebuild projections from the events (all of them by default); stop the app first", ProjectionsAsync),
        new("bench", "bench --scale small|medium|province [--out FILE.json]",
            "benchmarks side by side (runs tests/IsoEdms.Benchmarks from a source checkout)", BenchAsync),
        new("privacy", "privacy erase CODE --reason TEXT [--by PERSON]", "erase an applicant's personal data from a case (the erasure is recorded; the chain still verifies)", async (a, o, e) =>
        {
            if (a.Positional(0, "a sub-command: erase") != "erase") throw new UsageException("unknown sub-command; use: privacy erase CODE --reason TEXT");
            var code = a.Positional(1, "the dossier code");
            var reason = a.Option("--reason") is { Length: > 0 } r ? r : throw new UsageException("--reason TEXT is required (the lawful request, or the end of the retention period)");
            var by = Actor.ForCli(a.Option("--by"));
            a.NoMore(2);
            await using var store = await OpenStoreAsync();
            return await Audit.PersonalDataErasure.EraseAsync(store, code, reason, by, Clock.GetUtcNow(), o, e, CancellationToken.None);
        }),
        new("backup", "backup --out FILE", "a consistent copy of the whole store (pg_dump) and its SHA-256 in FILE.sha256", (a, o, e) =>
        {
            var file = a.Option("--out") ?? throw new UsageException("--out FILE is required");
            a.NoMore(0);
            return Backups.BackupAsync(ConnectionOverride.Value ?? Database.Resolve(), file, o, e, CancellationToken.None);
        }),
        new("restore", "restore FILE", "restore a backup into the empty database that ISOEDMS_DB names (its hash checked first); then run 'audit verify'", (a, o, e) =>
        {
            var file = a.Positional(0, "the backup file");
            a.NoMore(1);
            return Backups.RestoreAsync(ConnectionOverride.Value ?? Database.Resolve(), file, o, e, CancellationToken.None);
        }),
        new("deadline", "deadline --calendar FILE-or-ID --from ISO-8601 --limit \"<N> working days|hours\"|\"<N> calendar days\"|\"same day\" [--cutoff HH:MM] [--json]",
            "compute a due instant on the official calendar", DeadlineAsync),
    ];

    public static async Task<int> RunAsync(string[] argv, TextWriter stdout, TextWriter stderr)
    {
        var verb = Verbs.FirstOrDefault(v => v.Name == argv[0]);
        if (verb is null)
        {
            stderr.WriteLine($"isoedms: unknown verb '{argv[0]}'");
            PrintHelp(stderr);
            return 2;
        }
        try
        {
            return await verb.Run(new Args(argv.Skip(1).ToArray()), stdout, stderr);
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"isoedms {verb.Name}: {ex.Message}");
            stderr.WriteLine($"usage: isoedms {verb.Usage}");
            return 2;
        }
        catch (DatabaseUnavailableException ex)
        {
            stderr.WriteLine($"isoedms: {ex.Message}");
            return 1;
        }
    }

    private static void PrintHelp(TextWriter o)
    {
        o.WriteLine("IsoEdms — hệ thống quản lý chất lượng ISO điện tử / electronic ISO 9001 quality management");
        o.WriteLine("usage: dotnet run --project src/IsoEdms -- <verb> [args]   (no verb: run the web app)");
        o.WriteLine();
        foreach (var v in Verbs) o.WriteLine($"  {v.Name,-12} {v.Summary}");
        o.WriteLine();
        foreach (var v in Verbs.Skip(1)) o.WriteLine($"  isoedms {v.Usage}");
        o.WriteLine();
        o.WriteLine($"The database is {Database.EnvironmentVariable} (an Npgsql connection string) or the embedded default {Database.Describe(Database.EmbeddedDefault)}.");
    }

    // ---- procedures -------------------------------------------------------------------------------------------

    private static async Task<int> ProceduresAsync(Args a, TextWriter o, TextWriter e)
    {
        var sub = a.Positional(0, "a sub-command: validate, publish, list, show, diff or retire");
        switch (sub)
        {
            case "validate":
            {
                var set = LoadSet(a, "procedures");
                if (Report(set, e)) return 1;
                o.WriteLine($"ok: {set.Procedures.Count} procedure version(s) valid ({set.Calendars.Count} calendar year(s), {set.Org.Units.Count} units, {set.Org.Roles.Count} roles checked)");
                return 0;
            }
            case "publish":
            {
                var set = LoadSet(a, "procedures");
                if (Report(set, e)) { e.WriteLine("nothing was published"); return 1; }
                await using var store = await OpenStoreAsync();
                await using var session = store.LightweightSession();
                var by = Actor.ForCli(a.Option("--by"));
                session.LastModifiedBy = by;
                var report = await Publishing.PublishProceduresAsync(session, set, by, Clock.GetUtcNow(), CancellationToken.None);
                await Transactions.CommitAsync(session);
                foreach (var l in report.Lines) (report.Ok ? o : e).WriteLine(l);
                return report.Ok ? 0 : 1;
            }
            case "list":
            {
                a.NoMore(1);
                await using var store = await OpenStoreAsync();
                await using var q = store.QuerySession();
                var all = await q.Query<ProcedureCatalogEntry>().OrderBy(x => x.Code).ToListAsync();
                if (all.Count == 0) { o.WriteLine("no procedure is published"); return 0; }
                foreach (var p in all)
                    o.WriteLine($"{p.Code,-40} v{string.Join(",v", p.Versions.Select(v => v.Version + (v.Retired ? "(retired)" : "")))}  {p.TitleVi}");
                return 0;
            }
            case "show":
            {
                var code = a.Positional(1, "a procedure code");
                int? version = a.PositionalOrNull(2) is { } vs ? ParseInt(vs, "VERSION") : null;
                a.NoMore(version is null ? 2 : 3);
                await using var store = await OpenStoreAsync();
                await using var q = store.QuerySession();
                var h = await Publishing.LoadHistoryAsync(q, code, CancellationToken.None);
                if (h is null) { e.WriteLine($"procedure '{code}' is not published"); return 1; }
                var v = version ?? h.Versions.Keys.Max();
                if (!h.Versions.TryGetValue(v, out var pv)) { e.WriteLine($"{code} v{v} is not published (published: v{string.Join(", v", h.Versions.Keys.Order())})"); return 1; }
                PrintDefinition(o, pv);
                return 0;
            }
            case "diff":
            {
                var code = a.Positional(1, "a procedure code");
                var v1 = ParseInt(a.Positional(2, "V1"), "V1");
                var v2 = ParseInt(a.Positional(3, "V2"), "V2");
                a.NoMore(4);
                await using var store = await OpenStoreAsync();
                await using var q = store.QuerySession();
                var h = await Publishing.LoadHistoryAsync(q, code, CancellationToken.None);
                if (h is null) { e.WriteLine($"procedure '{code}' is not published"); return 1; }
                foreach (var v in new[] { v1, v2 })
                    if (!h.Versions.ContainsKey(v)) { e.WriteLine($"{code} v{v} is not published"); return 1; }
                var lines = ProcedureDiff.Compare(h.Versions[v1].Definition, h.Versions[v2].Definition);
                o.WriteLine($"{code}: v{v1} → v{v2}: {lines.Count} change(s)");
                foreach (var l in lines) o.WriteLine("  " + l);
                return 0;
            }
            case "retire":
            {
                var code = a.Positional(1, "a procedure code");
                var v = ParseInt(a.Positional(2, "VERSION"), "VERSION");
                var reason = a.Option("--reason") ?? throw new UsageException("--reason is required: say why the version is withdrawn");
                a.NoMore(3);
                await using var store = await OpenStoreAsync();
                await using var session = store.LightweightSession();
                var by = Actor.ForCli(a.Option("--by"));
                session.LastModifiedBy = by;
                var (ok, message) = await Publishing.RetireAsync(session, code, v, reason, by, Clock.GetUtcNow(), CancellationToken.None);
                await Transactions.CommitAsync(session);
                (ok ? o : e).WriteLine(message);
                return ok ? 0 : 1;
            }
            default:
                throw new UsageException($"unknown sub-command '{sub}'");
        }
    }

    private static void PrintDefinition(TextWriter o, PublishedVersion pv)
    {
        var d = pv.Definition;
        o.WriteLine($"{d.Code} v{d.Version}{(pv.Retired ? " (retired)" : "")} — {d.Title.Vi}{(d.Title.En is null ? "" : $" / {d.Title.En}")}");
        o.WriteLine($"  level {d.Level}; effective from {d.EffectiveFrom:yyyy-MM-dd}; calendar {d.Calendar}; time limit {d.TimeLimit}" +
                    $"{(d.Cutoff is { } c ? $"; cut-off {c:HH\\:mm}" : "")}; suspension {d.SuspensionPolicy.ToString().ToLowerInvariant()}; policy {d.ClassificationPolicy}");
        o.WriteLine($"  legal basis: {string.Join("; ", d.LegalBasis)}");
        o.WriteLine($"  published {pv.PublishedAt:yyyy-MM-dd HH:mm}Z by {pv.PublishedBy}; sha256 {pv.ContentHash}");
        foreach (var s in d.Steps)
        {
            var route = s.End ? "end" : s.Next is not null ? $"→ {s.Next}" : string.Join(", ", s.Outcomes!.Select(x => $"{x.Key} → {x.Value}"));
            o.WriteLine($"  {s.Id,-14} {s.BudgetHours.ToString("0.##", CultureInfo.InvariantCulture),5} h  {s.Role} @ {s.Unit}{(s.StopsClock ? " (clock stopped)" : "")}  {route}  {s.Title?.Vi}");
        }
    }

    // ---- calendars --------------------------------------------------------------------------------------------

    private static async Task<int> CalendarsAsync(Args a, TextWriter o, TextWriter e)
    {
        var sub = a.Positional(0, "a sub-command: validate, publish or list");
        switch (sub)
        {
            case "validate":
            {
                var set = LoadSet(a, "calendars");
                if (Report(set, e)) return 1;
                o.WriteLine($"ok: {set.Calendars.Count} calendar year(s) valid: {string.Join(", ", set.Calendars.Select(c => $"{c.Value.Calendar} {c.Value.Year}{(c.Value.Provisional ? " (provisional)" : "")}"))}");
                return 0;
            }
            case "publish":
            {
                var set = LoadSet(a, "calendars");
                if (Report(set, e)) { e.WriteLine("nothing was published"); return 1; }
                await using var store = await OpenStoreAsync();
                await using var session = store.LightweightSession();
                var by = Actor.ForCli(a.Option("--by"));
                session.LastModifiedBy = by;
                var report = await Publishing.PublishCalendarsAsync(session, set, by, Clock.GetUtcNow(), CancellationToken.None);
                await Transactions.CommitAsync(session);
                foreach (var l in report.Lines) (report.Ok ? o : e).WriteLine(l);
                return report.Ok ? 0 : 1;
            }
            case "list":
            {
                a.NoMore(1);
                await using var store = await OpenStoreAsync();
                await using var q = store.QuerySession();
                var all = await q.Query<CalendarCatalogEntry>().OrderBy(x => x.Calendar).ToListAsync();
                if (all.Count == 0) { o.WriteLine("no calendar is published"); return 0; }
                foreach (var c in all)
                {
                    o.WriteLine($"{c.Calendar} (version {c.Version}, {c.TimeZone})");
                    foreach (var y in c.Years)
                        o.WriteLine($"  {y.Year} revision {y.Revision}{(y.Provisional ? " provisional" : "")}: {y.Holidays} holiday period(s), {y.MakeUpDays} make-up day(s); published {y.PublishedAt:yyyy-MM-dd} by {y.PublishedBy}");
                    foreach (var w in c.Warnings) o.WriteLine($"  warning: {w}");
                }
                return 0;
            }
            default:
                throw new UsageException($"unknown sub-command '{sub}'");
        }
    }

    // ---- org --------------------------------------------------------------------------------------------------

    private static async Task<int> OrgAsync(Args a, TextWriter o, TextWriter e)
    {
        var sub = a.Positional(0, "a sub-command: load or list");
        switch (sub)
        {
            case "load":
            {
                var root = a.Option("--root") ?? ProcessesFolder.Find();
                var paths = a.Rest(1);
                if (paths.Count == 0) paths = [Path.Combine(root, "org")];
                var (org, roles, errors) = OrgLoad.Read(root, paths);
                if (org is null)
                {
                    foreach (var d in errors) e.WriteLine(d);
                    e.WriteLine($"{errors.Count} error(s); nothing was loaded");
                    return 1;
                }
                await using var store = await OpenStoreAsync();
                await using var session = store.LightweightSession();
                var by = Actor.ForCli(a.Option("--by"));
                session.LastModifiedBy = by;
                var report = await OrgLoad.LoadAsync(session, org, roles, by, Clock.GetUtcNow(), CancellationToken.None);
                await Transactions.CommitAsync(session);
                foreach (var l in report.Lines) (report.Ok ? o : e).WriteLine(l);
                return report.Ok ? 0 : 1;
            }
            case "list":
            {
                a.NoMore(1);
                await using var store = await OpenStoreAsync();
                await using var q = store.QuerySession();
                var org = await OrgLoad.Snapshot(q, CancellationToken.None);
                if (!org.Units.Any()) { o.WriteLine("no organisation is loaded; run 'org load'"); return 0; }
                foreach (var u in org.Units.OrderBy(u => u.Parent ?? "").ThenBy(u => u.Code))
                {
                    var life = u.Ended is { } ended ? $" (ended {ended:yyyy-MM-dd}{(u.MergedInto.Count > 0 ? $", merged into {string.Join(", ", u.MergedInto)}" : "")})"
                        : u.From is { } f ? $" (from {f:yyyy-MM-dd})" : "";
                    o.WriteLine($"{u.Code,-20} {u.Level,-10} {u.Name.Vi}{life}");
                    foreach (var p in org.People.Where(p => p.Current?.Unit == u.Code || (p.Current is null && p.Assignments.LastOrDefault()?.Unit == u.Code)).OrderBy(p => p.Code))
                        o.WriteLine($"    {p.Code,-18} {p.Name,-22} {string.Join(", ", p.Current?.Roles ?? [])}{(p.Current is null ? " (no longer assigned)" : "")}");
                }
                return 0;
            }
            default:
                throw new UsageException($"unknown sub-command '{sub}'");
        }
    }

    // ---- surveys ----------------------------------------------------------------------------------------------

    private static async Task<int> UsersAsync(Args a, TextWriter o, TextWriter e)
    {
        var sub = a.Positional(0, "a sub-command: password | demo-passwords");
        await using var store = await OpenStoreAsync();
        await using var session = store.LightweightSession();
        var by = Actor.ForCli(a.Option("--by"));
        session.LastModifiedBy = by;
        switch (sub)
        {
            case "password":
            {
                var person = a.Positional(1, "the person code");
                var password = (await Console.In.ReadLineAsync())?.TrimEnd('\r') ?? "";
                if (await Access.Passwords.SetAsync(session, person, password, by, Clock.GetUtcNow(), CancellationToken.None) is { } error)
                {
                    e.WriteLine($"isoedms users: {error}");
                    return 1;
                }
                await Transactions.CommitAsync(session);
                o.WriteLine($"password of {person} changed");
                return 0;
            }
            case "demo-passwords":
            {
                var count = await Access.Passwords.SetDemoAsync(session, by, Clock.GetUtcNow(), CancellationToken.None);
                await Transactions.CommitAsync(session);
                o.WriteLine($"{count} people can now sign in with the demo password '{Access.Passwords.Demo}' (demo data only)");
                return 0;
            }
            default: throw new UsageException($"unknown sub-command '{sub}'");
        }
    }

    private static async Task<int> SurveysAsync(Args a, TextWriter o, TextWriter e)
    {
        var sub = a.Positional(0, "a sub-command: publish");
        if (sub != "publish") throw new UsageException($"unknown sub-command '{sub}'");
        var root = a.Option("--root") ?? ProcessesFolder.Find();
        var paths = a.Rest(1);
        if (paths.Count == 0) paths = [Path.Combine(root, "surveys")];
        await using var store = await OpenStoreAsync();
        await using var session = store.LightweightSession();
        var by = Actor.ForCli(a.Option("--by"));
        session.LastModifiedBy = by;
        var (ok, lines) = await Satisfaction.Surveys.PublishAsync(session, paths, by, Clock.GetUtcNow(), CancellationToken.None);
        if (ok) await Transactions.CommitAsync(session);
        foreach (var l in lines) (ok ? o : e).WriteLine(l);
        return ok ? 0 : 1;
    }

    // ---- import -----------------------------------------------------------------------------------------------

    private static async Task<int> ImportAsync(Args a, TextWriter o, TextWriter e)
    {
        var file = a.Positional(0, "the file to import (one JSON object per line)");
        var dryRun = a.Flag("--dry-run");
        var asRecorded = a.Flag("--as-recorded");
        a.NoMore(1);
        if (!File.Exists(file)) { e.WriteLine($"isoedms import: no such file '{file}'"); return 1; }
        var lines = await File.ReadAllLinesAsync(file);
        await using var store = await OpenStoreAsync();
        var by = Actor.ForCli(a.Option("--by"));
        var summary = await CaseImport.RunAsync(store, lines, dryRun, asRecorded, by, Clock,
            (done, total) => e.WriteLine($"… {done}/{total} line(s)"),
            err => e.WriteLine(err.ToString()),
            CancellationToken.None);
        o.WriteLine(summary.ToString());
        return summary.Ok ? 0 : 1;
    }

    // ---- report -----------------------------------------------------------------------------------------------

    private static async Task<int> ReportAsync(Args a, TextWriter o, TextWriter e)
    {
        var what = a.Positional(0, "a report: timeliness, nonconformities or corrective-actions");
        var format = a.Option("--format") ?? "table";
        if (format is not ("table" or "json" or "csv")) throw new UsageException($"--format must be table, json or csv, not '{format}'");
        if (what is "nonconformities" or "corrective-actions") return await QualityReportAsync(what, format, a, o);
        if (what != "timeliness") throw new UsageException($"unknown report '{what}'");
        if (!TimelinessReporting.TryParse(a.Option("--by"), a.Option("--level"), out var by, out var level, out var error)) throw new UsageException(error!);
        if (!TimelinessReporting.TryDate(a.Option("--from"), out var from)) throw new UsageException("--from is required: a date written YYYY-MM-DD");
        if (!TimelinessReporting.TryDate(a.Option("--to"), out var to)) throw new UsageException("--to is required: a date written YYYY-MM-DD");
        if (to < from) throw new UsageException("--to is before --from");
        var today = OrgLoad.Today(Clock);
        if (a.Option("--as-of") is { } asOf && !TimelinessReporting.TryDate(asOf, out today)) throw new UsageException("--as-of must be a date written YYYY-MM-DD");
        var unit = a.Option("--unit");
        var rollUp = a.Flag("--roll-up");
        if (rollUp && by != Domain.Timeliness.ReportBy.Unit) throw new UsageException("--roll-up counts ended units for their successors: it applies to --by unit");
        a.NoMore(1);
        await using var store = await OpenStoreAsync();
        await using var q = store.QuerySession();
        var result = await TimelinessReporting.RunAsync(q, by, level, from, to, today, CancellationToken.None, unit, rollUp);
        if (result.EventsBehind > 0)
            e.WriteLine($"warning: the statistics have not yet seen the last {result.EventsBehind} event(s); the app's projection daemon brings them up to date");
        o.Write(format switch
        {
            "json" => JsonSerializer.Serialize(result.Rows, ApiJson) + Environment.NewLine,
            "csv" => TimelinessReporting.Csv(result.Rows),
            _ => TimelinessReporting.Table(result, level),
        });
        return 0;
    }

    private static async Task<int> QualityReportAsync(string what, string format, Args a, TextWriter o)
    {
        string? by = null;
        DateOnly? from = null, to = null;
        if (what == "nonconformities")
        {
            by = a.Option("--by") ?? "unit";
            if (by is not ("unit" or "person")) throw new UsageException("--by must be unit or person");
            if (a.Option("--from") is { } f) from = TimelinessReporting.TryDate(f, out var d) ? d : throw new UsageException("--from: a date written YYYY-MM-DD");
            if (a.Option("--to") is { } t) to = TimelinessReporting.TryDate(t, out var d) ? d : throw new UsageException("--to: a date written YYYY-MM-DD");
        }
        a.NoMore(1);
        await using var store = await OpenStoreAsync();
        await using var q = store.QuerySession();
        if (what == "nonconformities")
        {
            var rows = await QualityReports.NonconformitiesAsync(q, by!, from, to, CancellationToken.None);
            o.Write(format switch { "json" => JsonSerializer.Serialize(rows, ApiJson) + Environment.NewLine, "csv" => QualityReports.Csv(rows), _ => QualityReports.Table(rows) });
        }
        else
        {
            var rows = await QualityReports.CorrectiveActionsAsync(q, CancellationToken.None);
            o.Write(format switch { "json" => JsonSerializer.Serialize(rows, ApiJson) + Environment.NewLine, "csv" => QualityReports.Csv(rows), _ => QualityReports.Table(rows) });
        }
        return 0;
    }

    /// <summary>The API's JSON convention (snake_case keys and enums, readable Vietnamese).</summary>
    public static readonly JsonSerializerOptions ApiJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    // ---- audit ------------------------------------------------------------------------------------------------

    private static async Task<int> AuditAsync(Args a, TextWriter o, TextWriter e)
    {
        var sub = a.Positional(0, "a sub-command: history, case, conformance or verify");
        switch (sub)
        {
            case "history":
            case "case":
            {
                var code = a.Positional(1, "a dossier code or case id");
                var json = a.Flag("--json");
                DateTimeOffset? asOf = null;
                long? version = null;
                if (sub == "case")
                {
                    if (a.Option("--as-of") is { } s1)
                        asOf = DeadlineInput.TryParseInstant(s1, out var v, out var err) ? v : throw new UsageException($"--as-of: {err}");
                    if (a.Option("--version") is { } s2) version = ParseInt(s2, "--version");
                    if (asOf is null && version is null) throw new UsageException("give --as-of ISO-8601 (business time) or --version N");
                }
                a.NoMore(2);
                await using var store = await OpenStoreAsync();
                await using var q = store.QuerySession();
                var (id, error, _) = await Audit.CaseAudit.ResolveAsync(q, code, CancellationToken.None);
                if (id is null) { e.WriteLine($"isoedms audit: {error}"); return 1; }
                if (sub == "history")
                {
                    var history = await Audit.CaseAudit.HistoryAsync(q, id.Value, CancellationToken.None);
                    if (json) { o.WriteLine(JsonSerializer.Serialize(history, ApiJson)); return 0; }
                    o.WriteLine($"{code}: {history.Count} event(s), procedure version {history.FirstOrDefault()?.ProcedureVersion}; times in UTC (business | recorded)");
                    foreach (var h in history)
                        o.WriteLine($"{h.Version,4} #{h.Sequence,-7} {h.At:yyyy-MM-dd HH:mm:ss} | {h.RecordedAt:yyyy-MM-dd HH:mm:ss}  {h.Type,-28} {h.By,-20} {h.Unit ?? "-",-18} stored by {h.StoredBy ?? "-"}  corr {h.CorrelationId ?? "-"}");
                    return 0;
                }
                var view = await Audit.CaseAudit.AsOfAsync(q, id.Value, asOf, version, CancellationToken.None);
                if (view is null) { e.WriteLine($"isoedms audit: the case was not received by {asOf:O}"); return 1; }
                if (json) { o.WriteLine(JsonSerializer.Serialize(view, ApiJson)); return 0; }
                o.WriteLine($"{view.Code} as of {(asOf is { } x ? x.ToString("O") : $"version {version}")}: version {view.Version}, {view.Status}");
                o.WriteLine($"  step {view.CurrentStep ?? "-"} at {view.CurrentUnit ?? "-"}, held by {view.Holder ?? "-"}, step due {view.StepDue:yyyy-MM-dd HH:mm}Z");
                o.WriteLine($"  case due {view.Due:yyyy-MM-dd HH:mm}Z (date {view.DueDate:yyyy-MM-dd}); suspended {(view.SuspendedFor is null ? "no" : $"for {view.SuspendedFor} since {view.SuspendedSince:yyyy-MM-dd HH:mm}Z")}; " +
                            $"apology {(view.NewAppointment is null ? "none" : $"new appointment {view.NewAppointment:yyyy-MM-dd HH:mm}Z{(view.ApologyLate == true ? " (late)" : "")}")}");
                return 0;
            }
            case "export":
            {
                var outPath = a.Option("--out");
                var html = a.Flag("--html");
                var unit = a.Option("--unit");
                await using var store = await OpenStoreAsync();
                await using var q = store.QuerySession();
                var writer = outPath is null ? o : new StreamWriter(outPath);
                try
                {
                    if (unit is not null)
                    {
                        var from = TimelinessReporting.TryDate(a.Option("--from"), out var f) ? f : throw new UsageException("--from is required: a date written YYYY-MM-DD");
                        var to = TimelinessReporting.TryDate(a.Option("--to"), out var t) ? t : throw new UsageException("--to is required: a date written YYYY-MM-DD");
                        a.NoMore(1);
                        var n = 0;
                        await foreach (var line in Audit.CaseExport.UnitLinesAsync(q, unit, from, to, Clock.GetUtcNow(), CancellationToken.None)) { await writer.WriteLineAsync(line); n++; }
                        e.WriteLine($"exported {n} case(s) of {unit} received {from:yyyy-MM-dd}..{to:yyyy-MM-dd}");
                        return 0;
                    }
                    var code = a.Positional(1, "a dossier code or case id (or --unit U --from DATE --to DATE)");
                    a.NoMore(2);
                    var (id, error, _) = await Audit.CaseAudit.ResolveAsync(q, code, CancellationToken.None);
                    if (id is null) { e.WriteLine($"isoedms audit: {error}"); return 1; }
                    var doc = (await Audit.CaseExport.CaseAsync(q, id.Value, Clock.GetUtcNow(), CancellationToken.None))!;
                    await writer.WriteAsync(html ? await Audit.CaseExport.HtmlAsync(q, doc, CancellationToken.None) : JsonSerializer.Serialize(doc, ApiJson) + Environment.NewLine);
                    return 0;
                }
                finally
                {
                    if (outPath is not null) await writer.DisposeAsync();
                }
            }
            case "conformance":
            {
                var unit = a.Option("--unit");
                DateOnly? from = a.Option("--from") is { } f ? (TimelinessReporting.TryDate(f, out var d1) ? d1 : throw new UsageException("--from: a date written YYYY-MM-DD")) : null;
                DateOnly? to = a.Option("--to") is { } t ? (TimelinessReporting.TryDate(t, out var d2) ? d2 : throw new UsageException("--to: a date written YYYY-MM-DD")) : null;
                var json = a.Flag("--json");
                var raise = a.Flag("--raise");
                a.NoMore(1);
                await using var store = await OpenStoreAsync();
                await using var session = store.LightweightSession();
                var findings = await Audit.CaseAudit.ConformanceAsync(session, unit, from, to, n => e.WriteLine($"… {n} case(s) checked"), CancellationToken.None);
                if (json) o.WriteLine(JsonSerializer.Serialize(findings, ApiJson));
                else
                {
                    foreach (var x in findings) o.WriteLine($"{x.CaseCode} v{x.Version} {x.EventType}: {x.Kind}: {x.Detail}");
                    o.WriteLine($"{findings.Count} finding(s) in {findings.Select(x => x.CaseId).Distinct().Count()} case(s)");
                }
                if (raise)
                {
                    var by = Actor.ForCli(a.Option("--by"));
                    session.LastModifiedBy = by;
                    var raised = await Audit.CaseAudit.RaiseAsync(session, findings, by, Clock.GetUtcNow(), CancellationToken.None);
                    await Transactions.CommitAsync(session);
                    e.WriteLine($"raised {raised} nonconformity(ies) (findings raised before are not raised again)");
                }
                return 0;
            }
            case "verify":
            {
                a.NoMore(1);
                await using var store = await OpenStoreAsync();
                var last = Clock.GetTimestamp();
                var chains = await Audit.AuditVerify.VerifyChainsAsync(store, n =>
                {
                    if (Clock.GetElapsedTime(last).TotalSeconds < 2) return;
                    last = Clock.GetTimestamp();
                    e.WriteLine($"… {n} event(s) checked");
                }, CancellationToken.None);
                foreach (var p in chains.Problems) e.WriteLine(p);
                await using (var q = store.QuerySession())
                {
                    var behind = await TimelinessReporting.EventsBehindAsync(q, CancellationToken.None);
                    if (behind > 0)
                    {
                        e.WriteLine($"audit verify: the live statistics have not seen the last {behind} event(s) yet; verify again once the app's projection daemon has caught up");
                        return 1;
                    }
                }
                var differences = await Audit.RebuildCheck.CompareAsync(ConnectionOverride.Value ?? Database.Resolve(), store, m => e.WriteLine($"… {m}"), CancellationToken.None);
                foreach (var d in differences) e.WriteLine(d);
                if (chains.Problems.Count > 0 || differences.Count > 0)
                {
                    e.WriteLine($"audit verify: {chains.Problems.Count} stream(s) altered out of {chains.Streams} ({chains.Events} events); " +
                                $"{differences.Count} projected document(s) differ from a rebuild");
                    return 1;
                }
                o.WriteLine($"ok: {chains.Events} events in {chains.Streams} streams, every chain intact; every projection equals its rebuild");
                return 0;
            }
            default:
                throw new UsageException($"unknown sub-command '{sub}'");
        }
    }

    // ---- demo -------------------------------------------------------------------------------------------------

    private static async Task<int> DemoAsync(Args a, TextWriter o, TextWriter e)
    {
        var sub = a.Positional(0, "a sub-command: generate");
        if (sub != "generate") throw new UsageException($"unknown sub-command '{sub}'");
        var count = a.Option("--cases") is { } c ? ParseInt(c, "--cases") : 300;
        var seed = a.Option("--seed") is { } sd ? ParseInt(sd, "--seed") : 2026;
        var now = Clock.GetUtcNow();
        DateOnly ParseDate(string? s, string what, DateOnly fallback) =>
            s is null ? fallback
            : DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new UsageException($"{what}: '{s}' is not a date written YYYY-MM-DD");
        var today = OrgLoad.LocalDate(now);
        var from = ParseDate(a.Option("--from"), "--from", today.AddDays(-120));
        var to = ParseDate(a.Option("--to"), "--to", today);
        var outPath = a.Option("--out");
        a.NoMore(1);
        if (to < from) throw new UsageException("--to is before --from");
        await using var store = await OpenStoreAsync();
        await using var q = store.QuerySession();
        var catalog = await q.Query<ProcedureCatalogEntry>().ToListAsync();
        var definitions = new List<ProcedureDefinition>();
        foreach (var p in catalog)
            if ((await Publishing.LoadHistoryAsync(q, p.Code, CancellationToken.None))?.CurrentOn(to) is { } v) definitions.Add(v.Definition);
        var org = await OrgLoad.Snapshot(q, CancellationToken.None);
        if (definitions.Count == 0 || !org.People.Any()) { e.WriteLine("isoedms demo: publish calendars and procedures and run 'org load' first"); return 1; }
        var calendar = await Publishing.LoadCalendarAsync(q, definitions[0].Calendar, CancellationToken.None);
        if (calendar is null) { e.WriteLine($"isoedms demo: calendar '{definitions[0].Calendar}' is not published"); return 1; }
        var generator = new DemoCases(definitions.OrderBy(d => d.Code).ToList(), calendar, org, seed);
        var writer = outPath is null ? o : new StreamWriter(outPath);
        var n = 0;
        foreach (var line in generator.Lines(count, from, to, now)) { writer.WriteLine(line); n++; }
        if (outPath is not null) { await writer.DisposeAsync(); e.WriteLine($"wrote {n} dossier(s) to {outPath}"); }
        return 0;
    }

    // ---- projections / bench ----------------------------------------------------------------------------------

    private static async Task<int> ProjectionsAsync(Args a, TextWriter o, TextWriter e)
    {
        var sub = a.Positional(0, "a sub-command: rebuild");
        if (sub != "rebuild") throw new UsageException($"unknown sub-command '{sub}'");
        var wanted = a.Rest(1);
        a.NoMore(1 + wanted.Count);
        var cs = ConnectionOverride.Value ?? Database.Resolve();
        if (await Database.ProbeAsync(cs) is { } problem) throw new DatabaseUnavailableException(problem);
        await using var store = DocumentStore.For(opts => MartenSetup.Configure(opts, cs, withAsyncProjections: true));
        var names = store.Options.Projections.All.Select(p => p.Name).ToList();
        if (wanted.FirstOrDefault(w => !names.Contains(w)) is { } unknown)
        {
            e.WriteLine($"isoedms projections: no projection '{unknown}'; there are {string.Join(", ", names)}");
            return 1;
        }
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var events = (await store.Advanced.FetchEventStoreStatistics()).EventCount;
        using var daemon = await store.BuildProjectionDaemonAsync();
        var started = Clock.GetTimestamp();
        // independent projections rebuild side by side (each reads the events it needs, writes its own tables)
        await Task.WhenAll((wanted.Count > 0 ? wanted : names).Select(async name =>
        {
            var one = Clock.GetTimestamp();
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromHours(2), CancellationToken.None);
            lock (e) e.WriteLine($"rebuilt {name} in {Clock.GetElapsedTime(one).TotalSeconds:0.0} s");
        }));
        var seconds = Clock.GetElapsedTime(started).TotalSeconds;
        o.WriteLine($"rebuilt {(wanted.Count > 0 ? wanted.Count : names.Count)} projection(s) over {events} event(s) in {seconds:0.00} s");
        return 0;
    }

    /// <summary>Delegates to the benchmark project (it needs the SDK and the sources, not only the app).</summary>
    private static async Task<int> BenchAsync(Args a, TextWriter o, TextWriter e)
    {
        var scale = a.Option("--scale") ?? throw new UsageException("--scale is required: small, medium or province");
        if (scale is not ("small" or "medium" or "province")) throw new UsageException($"--scale must be small, medium or province, not '{scale}'");
        var outFile = a.Option("--out");
        a.NoMore(0);
        string? project = null;
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null && project is null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "tests", "IsoEdms.Benchmarks", "IsoEdms.Benchmarks.csproj"))) project = Path.Combine(d.FullName, "tests", "IsoEdms.Benchmarks");
        if (project is null) { e.WriteLine("isoedms bench: run it from a source checkout (tests/IsoEdms.Benchmarks was not found above the current folder)"); return 1; }
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet", ["run", "-c", "Release", "--project", project, "--", "bench", "--scale", scale,
            .. outFile is null ? Array.Empty<string>() : ["--out", Path.GetFullPath(outFile)]]) { UseShellExecute = false };
        using var process = System.Diagnostics.Process.Start(psi)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    // ---- deadline ---------------------------------------------------------------------------------------------

    private static async Task<int> DeadlineAsync(Args a, TextWriter o, TextWriter e)
    {
        var calendarArg = a.Option("--calendar") ?? throw new UsageException("--calendar is required (a calendar file or the id of a published calendar)");
        var fromArg = a.Option("--from") ?? throw new UsageException("--from is required (ISO 8601 with offset, e.g. 2026-02-12T10:00:00+07:00)");
        var limitArg = a.Option("--limit") ?? throw new UsageException("--limit is required (\"3 working days\", \"4 working hours\", \"15 calendar days\" or \"same day\")");
        var cutoffArg = a.Option("--cutoff");
        var json = a.Flag("--json");
        a.NoMore(0);
        if (!DeadlineInput.TryParseInstant(fromArg, out var from, out var fromError)) throw new UsageException($"--from: {fromError}");
        if (!TimeLimit.TryParse(limitArg, out var limit, out var limitError)) throw new UsageException($"--limit: {limitError}");
        TimeOnly? cutoff = null;
        if (cutoffArg is not null)
        {
            if (!TimeOnly.TryParseExact(cutoffArg, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var c))
                throw new UsageException($"--cutoff: '{cutoffArg}' is not a time written HH:MM");
            cutoff = c;
        }

        WorkingCalendar? calendar;
        if (File.Exists(calendarArg) || Directory.Exists(calendarArg))
        {
            // a file: that year plus its sibling years, so deadlines can cross the year boundary
            var folder = Directory.Exists(calendarArg) ? calendarArg : Path.GetDirectoryName(Path.GetFullPath(calendarArg))!;
            var years = new List<CalendarYear>();
            foreach (var f in Directory.EnumerateFiles(folder, "*.y*ml").Order(StringComparer.Ordinal))
            {
                var (y, errors) = CalendarFile.Parse(f, await File.ReadAllTextAsync(f));
                if (errors.Count > 0)
                {
                    foreach (var d in errors) e.WriteLine(d);
                    return 1;
                }
                years.Add(y!);
            }
            try { calendar = new WorkingCalendar(years); }
            catch (ArgumentException ex) { e.WriteLine($"isoedms deadline: {ex.Message}"); return 1; }
        }
        else
        {
            if (!CalendarFile.IdPattern.IsMatch(calendarArg)) throw new UsageException($"--calendar: '{calendarArg}' is neither a file nor a calendar id");
            await using var store = await OpenStoreAsync();
            await using var q = store.QuerySession();
            calendar = await Publishing.LoadCalendarAsync(q, calendarArg, CancellationToken.None);
            if (calendar is null) { e.WriteLine($"isoedms deadline: calendar '{calendarArg}' is not published (publish it with 'calendars publish', or pass a calendar file)"); return 1; }
        }
        try
        {
            var d = Deadlines.Compute(calendar, from, limit, cutoff);
            var answer = DeadlineInput.Answer(calendar, d);
            if (json) o.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["due"] = answer.Due, ["due_date"] = answer.DueDate }, Canonical.Json));
            else o.WriteLine($"due {answer.Due} (date {answer.DueDate}); clock started {answer.ClockStart}; {limit} on {calendar.Id}");
            return 0;
        }
        catch (CalendarCoverageException ex)
        {
            e.WriteLine($"isoedms deadline: {ex.Message}");
            return 1;
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static ProcessSet LoadSet(Args a, string kind)
    {
        var root = a.Option("--root") ?? ProcessesFolder.Find();
        var cwd = Directory.GetCurrentDirectory();
        if (Path.IsPathRooted(root) && Path.GetFullPath(root).StartsWith(cwd + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            root = Path.GetRelativePath(cwd, root);
        var paths = a.Rest(1);
        if (paths.Count == 0) paths = [Path.Combine(root, kind)];
        return ProcessSet.Load(root, paths);
    }

    private static bool Report(ProcessSet set, TextWriter e)
    {
        foreach (var d in set.Errors) e.WriteLine(d);
        if (set.Errors.Count > 0) e.WriteLine($"{set.Errors.Count} error(s)");
        return set.Errors.Count > 0;
    }

    private static int ParseInt(string s, string what) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 1 ? i : throw new UsageException($"{what} must be a whole number >= 1, got '{s}'");

    private static async Task<DocumentStore> OpenStoreAsync()
    {
        var cs = ConnectionOverride.Value ?? Database.Resolve();
        if (await Database.ProbeAsync(cs) is { } problem) throw new DatabaseUnavailableException(problem);
        return DocumentStore.For(o => MartenSetup.Configure(o, cs, withAsyncProjections: false));
    }
}

public sealed class DatabaseUnavailableException(string message) : Exception(message);

/// <summary>Arguments: positionals, "--name value" options and "--flag" switches, in any order.</summary>
public sealed class Args
{
    private readonly List<string> _positional = [];
    private readonly Dictionary<string, string> _options = [];
    private readonly HashSet<string> _flags = [];
    private static readonly string[] Switches = ["--json", "--dry-run", "--as-recorded", "--raise", "--html", "--roll-up"];

    public Args(string[] argv)
    {
        for (var i = 0; i < argv.Length; i++)
        {
            var s = argv[i];
            if (s.StartsWith("--", StringComparison.Ordinal))
            {
                if (Switches.Contains(s)) { _flags.Add(s); continue; }
                var eq = s.IndexOf('=');
                if (eq > 0) { _options[s[..eq]] = s[(eq + 1)..]; continue; }
                if (i + 1 >= argv.Length) throw new UsageException($"{s} needs a value");
                _options[s] = argv[++i];
            }
            else _positional.Add(s);
        }
    }

    private readonly HashSet<string> _used = [];

    public string? Option(string name) { _used.Add(name); return _options.GetValueOrDefault(name); }
    public bool Flag(string name) { _used.Add(name); return _flags.Contains(name); }
    public string Positional(int i, string what) => i < _positional.Count ? _positional[i] : throw new UsageException($"missing {what}");
    public string? PositionalOrNull(int i) => i < _positional.Count ? _positional[i] : null;
    public List<string> Rest(int from) => _positional.Skip(from).ToList();

    /// <summary>Refuses extra positionals beyond <paramref name="count"/> and options nobody asked for.</summary>
    public void NoMore(int count)
    {
        if (_positional.Count > count) throw new UsageException($"unexpected argument '{_positional[count]}'");
        var unknown = _options.Keys.Concat(_flags).FirstOrDefault(k => !_used.Contains(k) && k is not "--by" and not "--root");
        if (unknown is not null) throw new UsageException($"unknown option '{unknown}'");
    }
}
