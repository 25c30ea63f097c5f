using System.CommandLine;
using IsoEdms.Demo;
using IsoEdms.Domain.Procedures;
using IsoEdms.Organisation;
using IsoEdms.Procedures;

namespace IsoEdms.Cli;

/// <summary><c>demo generate</c>: deterministic demo dossiers in the import format.</summary>
public static class DemoVerb
{
    public static Command Build(CliContext cli)
    {
        var cases = CommonOptions.Count("--cases", "how many dossiers (default 300)");
        var seed = CommonOptions.Count("--seed", "the random seed (default 2026): the same seed writes the same file");
        var from = CommonOptions.Date("--from", "first receipt day (default: 120 days ago)");
        var to = CommonOptions.Date("--to", "last receipt day (default: today)");
        var outPath = CommonOptions.Text("--out", "FILE", "write to a file instead of standard output");
        var generate = new Command("generate", "write demo dossiers on the published procedures, calendar and organisation") { cases, seed, from, to, outPath };
        generate.SetAction(async (parse, ct) =>
        {
            var now = cli.Clock.GetUtcNow();
            var today = OrgLoad.LocalDate(now);
            var (start, end) = (parse.GetValue(from) ?? today.AddDays(-120), parse.GetValue(to) ?? today);
            if (end < start) throw new UsageException("--to is before --from");
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var definitions = new List<ProcedureDefinition>();
            foreach (var p in await q.Query<ProcedureCatalogEntry>().ToListAsync(ct))
                if ((await Publishing.LoadHistoryAsync(q, p.Code, ct))?.CurrentOn(end) is { } v) definitions.Add(v.Definition);
            var org = await OrgLoad.Snapshot(q, ct);
            if (definitions.Count == 0 || !org.People.Any()) { cli.Err.WriteLine(Ui.L.T("isoedms demo: hãy ban hành lịch, quy trình và chạy 'org load' trước", "isoedms demo: publish calendars and procedures and run 'org load' first")); return 1; }
            var calendar = await Publishing.LoadCalendarAsync(q, definitions[0].Calendar, ct);
            if (calendar is null) { cli.Err.WriteLine(Ui.L.T($"isoedms demo: lịch '{definitions[0].Calendar}' chưa được ban hành", $"isoedms demo: calendar '{definitions[0].Calendar}' is not published")); return 1; }
            var generator = new DemoCases(definitions.OrderBy(d => d.Code).ToList(), calendar, org, parse.GetValue(seed) ?? 2026);
            var target = parse.GetValue(outPath);
            var writer = target is null ? cli.Out : new StreamWriter(target);
            var n = 0;
            foreach (var line in generator.Lines(parse.GetValue(cases) ?? 300, start, end, now)) { await writer.WriteLineAsync(line); n++; }
            if (target is not null) { await writer.DisposeAsync(); cli.Err.WriteLine(Ui.L.T($"đã ghi {n} hồ sơ vào {target}", $"wrote {n} dossier(s) to {target}")); }
            return 0;
        });
        return new Command("demo", "write deterministic demo dossiers in the import format") { generate };
    }
}
