using System.CommandLine;
using IsoEdms.Calendars;
using IsoEdms.Procedures;

namespace IsoEdms.Cli;

/// <summary><c>calendars validate|publish|list</c>: the official working calendars, year by year.</summary>
public static class CalendarsVerb
{
    public static Command Build(CliContext cli)
    {
        var validate = ProcessFileVerbs.Validate(cli, "calendars", "check calendar files",
            set => $"ok: {set.Calendars.Count} calendar year(s) valid: {string.Join(", ", set.Calendars.Select(c => $"{c.Value.Calendar} {c.Value.Year}{(c.Value.Provisional ? " (provisional)" : "")}"))}");
        var publish = ProcessFileVerbs.Publish(cli, "calendars", "publish calendar years (a revised year becomes a new revision)", (set, by) => new PublishCalendarsCommand(set, by));

        var list = new Command("list", "the published calendars, their years and revisions");
        list.SetAction(async (_, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            var all = await q.Query<CalendarCatalogEntry>().OrderBy(x => x.Calendar).ToListAsync(ct);
            if (all.Count == 0) { cli.Out.WriteLine(Ui.L.T("chưa ban hành lịch nào", "no calendar is published")); return 0; }
            foreach (var c in all)
            {
                cli.Out.WriteLine(Ui.L.T($"{c.Calendar} (phiên bản {c.Version}, {c.TimeZone})", $"{c.Calendar} (version {c.Version}, {c.TimeZone})"));
                foreach (var y in c.Years)
                    cli.Out.WriteLine(Ui.L.T($"  {y.Year} lần sửa {y.Revision}{(y.Provisional ? " tạm thời" : "")}: {y.Holidays} kỳ nghỉ, {y.MakeUpDays} ngày làm bù; ban hành {y.PublishedAt:dd/MM/yyyy} bởi {y.PublishedBy}",
                        $"  {y.Year} revision {y.Revision}{(y.Provisional ? " provisional" : "")}: {y.Holidays} holiday period(s), {y.MakeUpDays} make-up day(s); published {y.PublishedAt:yyyy-MM-dd} by {y.PublishedBy}"));
                foreach (var w in c.Warnings) cli.Out.WriteLine($"  {Ui.L.T("cảnh báo", "warning")}: {w}");
            }
            return 0;
        });
        return new Command("calendars", "check, publish and list working calendars") { validate, publish, list };
    }
}
