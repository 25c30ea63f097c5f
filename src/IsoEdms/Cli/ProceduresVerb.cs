using System.CommandLine;
using System.Globalization;
using IsoEdms.Domain.Procedures;
using IsoEdms.Procedures;

namespace IsoEdms.Cli;

/// <summary><c>procedures validate|publish|list|show|diff|retire</c>: the versioned procedure definitions.</summary>
public static class ProceduresVerb
{
    public static Command Build(CliContext cli)
    {
        var verb = new Command("procedures", "check, publish and read versioned procedure definitions");

        var validate = ProcessFileVerbs.Validate(cli, "procedures", "check procedure files (with the calendars and organisation they refer to)",
            set => $"ok: {set.Procedures.Count} procedure version(s) valid ({set.Calendars.Count} calendar year(s), {set.Org.Units.Count} units, {set.Org.Roles.Count} roles checked)");
        var publish = ProcessFileVerbs.Publish(cli, "procedures", "publish procedure files, all or nothing (a published version never changes)", (set, by) => new PublishProceduresCommand(set, by));

        var list = new Command("list", "the published procedures and their versions");
        list.SetAction(async (_, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var all = await q.Query<ProcedureCatalogEntry>().OrderBy(x => x.Code).ToListAsync(ct);
            if (all.Count == 0) { cli.Out.WriteLine(Ui.L.T("chưa ban hành quy trình nào", "no procedure is published")); return 0; }
            foreach (var p in all)
                cli.Out.WriteLine($"{p.Code,-40} v{string.Join(",v", p.Versions.Select(v => v.Version + (v.Retired ? Ui.L.T("(đã bãi bỏ)", "(retired)") : "")))}  {p.TitleVi}");
            return 0;
        });

        var showCode = new Argument<string>("CODE") { Description = "the procedure code" };
        var showVersion = new Argument<int?>("VERSION") { Arity = ArgumentArity.ZeroOrOne, Description = "the version (default: the latest)", CustomParser = r => CommonOptions.ParsePositive(r, "VERSION") };
        var show = new Command("show", "one published version: its steps, budgets and routes") { showCode, showVersion };
        show.SetAction(async (parse, ct) =>
        {
            var code = parse.GetRequiredValue(showCode);
            if (await HistoryAsync(cli, code, ct) is not { } h) return 1;
            var v = parse.GetValue(showVersion) ?? h.Versions.Keys.Max();
            if (!h.Versions.TryGetValue(v, out var pv)) { cli.Err.WriteLine(Ui.L.T($"{code} v{v} chưa được ban hành (đã ban hành: v{string.Join(", v", h.Versions.Keys.Order())})", $"{code} v{v} is not published (published: v{string.Join(", v", h.Versions.Keys.Order())})")); return 1; }
            Print(cli.Out, pv);
            return 0;
        });

        var diffCode = new Argument<string>("CODE") { Description = "the procedure code" };
        var v1 = CommonOptions.Number("V1");
        var v2 = CommonOptions.Number("V2");
        var diff = new Command("diff", "what changed between two published versions") { diffCode, v1, v2 };
        diff.SetAction(async (parse, ct) =>
        {
            var code = parse.GetRequiredValue(diffCode);
            if (await HistoryAsync(cli, code, ct) is not { } h) return 1;
            var (a, b) = (parse.GetValue(v1), parse.GetValue(v2));
            foreach (var v in new[] { a, b })
                if (!h.Versions.ContainsKey(v)) { cli.Err.WriteLine(Ui.L.T($"{code} v{v} chưa được ban hành", $"{code} v{v} is not published")); return 1; }
            var lines = ProcedureDiff.Compare(h.Versions[a].Definition, h.Versions[b].Definition);
            cli.Out.WriteLine(Ui.L.T($"{code}: v{a} → v{b}: {lines.Count} thay đổi", $"{code}: v{a} → v{b}: {lines.Count} change(s)"));
            foreach (var l in lines) cli.Out.WriteLine("  " + l);
            return 0;
        });

        var retireCode = new Argument<string>("CODE") { Description = "the procedure code" };
        var retireVersion = CommonOptions.Number("VERSION");
        var reason = CommonOptions.Text("--reason", "TEXT", "why the version is withdrawn", required: true);
        var retire = cli.Writes(new Command("retire", "withdraw a published version (no new case may start on it)") { retireCode, retireVersion, reason });
        retire.SetAction(async (parse, ct) =>
        {
            var command = new RetireProcedureCommand(parse.GetRequiredValue(retireCode), parse.GetValue(retireVersion), parse.GetValue(reason)!, cli.By(parse));
            return cli.Answer(await cli.SendAsync<string>(command, ct), m => [m]);
        });

        verb.Subcommands.Add(validate);
        verb.Subcommands.Add(publish);
        verb.Subcommands.Add(list);
        verb.Subcommands.Add(show);
        verb.Subcommands.Add(diff);
        verb.Subcommands.Add(retire);
        return verb;
    }

    /// <summary>A procedure's published versions, or null after saying on standard error that it is not published.</summary>
    private static async Task<ProcedureHistory?> HistoryAsync(CliContext cli, string code, CancellationToken ct)
    {
        await using var store = await cli.OpenStoreAsync();
        await using var q = store.QuerySession();
        var h = await Publishing.LoadHistoryAsync(q, code, ct);
        if (h is null) cli.Err.WriteLine(Ui.L.T($"quy trình '{code}' chưa được ban hành", $"procedure '{code}' is not published"));
        return h;
    }

    private static void Print(TextWriter o, PublishedVersion pv)
    {
        var d = pv.Definition;
        o.WriteLine($"{d.Code} v{d.Version}{(pv.Retired ? Ui.L.T(" (đã bãi bỏ)", " (retired)") : "")} — {d.Title.Vi}{(d.Title.En is null ? "" : $" / {d.Title.En}")}");
        var cutoff = d.Cutoff is { } c ? $"; {Ui.L.T("giờ chốt", "cut-off")} {c:HH\\:mm}" : "";
        o.WriteLine(Ui.L.T($"  cấp {d.Level}; hiệu lực từ {d.EffectiveFrom:dd/MM/yyyy}; lịch {d.Calendar}; thời hạn {Ui.L.Limit(d.TimeLimit.ToString())}{cutoff}; tạm dừng {d.SuspensionPolicy.ToString().ToLowerInvariant()}; cách xếp loại {d.ClassificationPolicy}",
            $"  level {d.Level}; effective from {d.EffectiveFrom:yyyy-MM-dd}; calendar {d.Calendar}; time limit {d.TimeLimit}{cutoff}; suspension {d.SuspensionPolicy.ToString().ToLowerInvariant()}; policy {d.ClassificationPolicy}"));
        o.WriteLine($"  {Ui.L.T("căn cứ pháp lý", "legal basis")}: {string.Join("; ", d.LegalBasis)}");
        o.WriteLine(Ui.L.T($"  ban hành {pv.PublishedAt:yyyy-MM-dd HH:mm}Z bởi {pv.PublishedBy}; sha256 {pv.ContentHash}", $"  published {pv.PublishedAt:yyyy-MM-dd HH:mm}Z by {pv.PublishedBy}; sha256 {pv.ContentHash}"));
        foreach (var s in d.Steps)
        {
            var route = s.End ? "end" : s.Next is not null ? $"→ {s.Next}" : string.Join(", ", s.Outcomes!.Select(x => $"{x.Key} → {x.Value}"));
            o.WriteLine($"  {s.Id,-14} {s.BudgetHours.ToString("0.##", CultureInfo.InvariantCulture),5} h  {s.Role} @ {s.Unit}{(s.StopsClock ? Ui.L.T(" (dừng tính thời gian)", " (clock stopped)") : "")}  {route}  {s.Title?.Vi}");
        }
    }
}
