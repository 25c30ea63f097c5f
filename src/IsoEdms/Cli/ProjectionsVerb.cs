using System.CommandLine;

namespace IsoEdms.Cli;

/// <summary><c>projections rebuild [NAME...]</c>: every projection (or the ones named) again from the events.</summary>
public static class ProjectionsVerb
{
    public static Command Build(CliContext cli)
    {
        var names = new Argument<string[]>("NAME") { Arity = ArgumentArity.ZeroOrMore, Description = "projections to rebuild (default: all)" };
        var rebuild = new Command("rebuild", "rebuild projections from the events; stop the app first") { names };
        rebuild.SetAction(async (parse, ct) =>
        {
            var wanted = parse.GetValue(names) ?? [];
            await using var store = await cli.OpenStoreAsync(withAsyncProjections: true);
            // a live projection (the quality records' write models) is folded from its stream when it is read: nothing of
            // it is stored, so there is nothing to rebuild, and rebuilding it would read every event of the store for nothing
            var byLife = store.Options.Projections.All.ToLookup(p => p.Lifecycle == JasperFx.Events.Projections.ProjectionLifecycle.Live, p => p.Name);
            var (live, all) = (byLife[true].ToList(), byLife[false].ToList());
            if (wanted.FirstOrDefault(live.Contains) is { } folded)
            {
                cli.Err.WriteLine(Ui.L.T($"isoedms projections: '{folded}' được tính lại từ luồng sự kiện mỗi khi đọc, không lưu gì để dựng lại; các phép chiếu: {string.Join(", ", all)}",
                    $"isoedms projections: '{folded}' is folded from its stream whenever it is read and stores nothing to rebuild; there are {string.Join(", ", all)}"));
                return 1;
            }
            if (wanted.FirstOrDefault(w => !all.Contains(w)) is { } unknown)
            {
                cli.Err.WriteLine(Ui.L.T($"isoedms projections: không có phép chiếu '{unknown}'; các phép chiếu: {string.Join(", ", all)}", $"isoedms projections: no projection '{unknown}'; there are {string.Join(", ", all)}"));
                return 1;
            }
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await using (var q = store.QuerySession()) await Monitoring.TimelinessTables.EnsureAsync(q, ct);   // a rebuild empties them first
            var events = (await store.Advanced.FetchEventStoreStatistics(token: ct)).EventCount;
            using var daemon = await store.BuildProjectionDaemonAsync();
            var (clock, started) = (cli.Clock, cli.Clock.GetTimestamp());
            // independent projections rebuild side by side (each reads the events it needs, writes its own tables)
            var chosen = wanted.Length > 0 ? wanted : all.ToArray();
            await Task.WhenAll(chosen.Select(async name =>
            {
                var one = clock.GetTimestamp();
                await daemon.RebuildProjectionAsync(name, TimeSpan.FromHours(2), ct);
                if (name == Monitoring.TimelinessProjection.ProjectionName)
                    await using (var q = store.QuerySession()) await Monitoring.TimelinessTables.AnalyzeAsync(q, ct);
                lock (cli.Err) cli.Err.WriteLine(Ui.L.T($"đã dựng lại {name} trong {clock.GetElapsedTime(one).TotalSeconds:0.0} giây", $"rebuilt {name} in {clock.GetElapsedTime(one).TotalSeconds:0.0} s"));
            }));
            cli.Out.WriteLine(Ui.L.T($"đã dựng lại {chosen.Length} phép chiếu từ {events} sự kiện trong {clock.GetElapsedTime(started).TotalSeconds:0.00} giây", $"rebuilt {chosen.Length} projection(s) over {events} event(s) in {clock.GetElapsedTime(started).TotalSeconds:0.00} s"));
            return 0;
        });
        return new Command("projections", "rebuild projections from the events (all of them by default); stop the app first") { rebuild };
    }
}
