using System.CommandLine;
using IsoEdms.Organisation;

namespace IsoEdms.Cli;

/// <summary><c>org load|list</c>: the organisation over time (units, people, roles) from processes/org.</summary>
public static class OrgVerb
{
    public static Command Build(CliContext cli)
    {
        var paths = CommonOptions.Paths();
        var load = cli.Writes(cli.ReadsFiles(new Command("load", "load units, people and their roles over time (all or nothing)") { paths }));
        load.SetAction(async (parse, ct) =>
        {
            var root = cli.Root(parse);
            var (org, roles, errors) = OrgLoad.Read(root, CommonOptions.PathsOrKind(parse, paths, root, "org"));
            if (org is null)
            {
                foreach (var d in errors) cli.Err.WriteLine(cli.Say(d));
                cli.Err.WriteLine(Ui.L.T($"{errors.Count} lỗi; chưa nạp gì", $"{errors.Count} error(s); nothing was loaded"));
                return 1;
            }
            return cli.Answer(await cli.SendAsync<LinesAnswer>(new LoadOrganisationCommand(org, roles, cli.By(parse)), ct), a => a.Sentences.Count > 0 ? a.Sentences.Select(cli.Say) : a.Lines);
        });

        var list = new Command("list", "units with the people assigned to them now");
        list.SetAction(async (_, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var org = await OrgLoad.Snapshot(q, ct);
            if (!org.Units.Any()) { cli.Out.WriteLine(Ui.L.T("chưa nạp cơ cấu tổ chức; hãy chạy 'org load'", "no organisation is loaded; run 'org load'")); return 0; }
            foreach (var u in org.Units.OrderBy(u => u.Parent ?? "").ThenBy(u => u.Code))
            {
                var life = u.Ended is { } ended ? Ui.L.T($" (chấm dứt {ended:dd/MM/yyyy}{(u.MergedInto.Count > 0 ? $", sáp nhập vào {string.Join(", ", u.MergedInto)}" : "")})",
                        $" (ended {ended:yyyy-MM-dd}{(u.MergedInto.Count > 0 ? $", merged into {string.Join(", ", u.MergedInto)}" : "")})")
                    : u.From is { } f ? Ui.L.T($" (từ {f:dd/MM/yyyy})", $" (from {f:yyyy-MM-dd})") : "";
                cli.Out.WriteLine($"{u.Code,-20} {u.Level,-10} {u.Name.Vi}{life}");
                foreach (var p in org.People.Where(p => p.Current?.Unit == u.Code || (p.Current is null && p.Assignments.LastOrDefault()?.Unit == u.Code)).OrderBy(p => p.Code))
                    cli.Out.WriteLine($"    {p.Code,-18} {p.Name,-22} {string.Join(", ", p.Current?.Roles ?? [])}{(p.Current is null ? Ui.L.T(" (không còn được phân công)", " (no longer assigned)") : "")}");
            }
            return 0;
        });
        return new Command("org", "load the organisation (units, people, roles over time) from processes/org") { load, list };
    }
}
