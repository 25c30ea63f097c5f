using IsoEdms.Monitoring;

namespace IsoEdms.Tenancy;

/// <summary>
/// The national roll-up for a ministry: the timeliness report with one row per tenant (the home database first, as
/// <see cref="TenantRegistry.Default"/>), each the sum of that tenant's report by unit, so each case counts once, under
/// its lead unit's tenant. Same rules and keys as every timeliness report.
/// </summary>
public static class TenantRollUp
{
    public static async Task<TimelinessReportResult> RunAsync(string home, ReportLevel level, DateOnly from, DateOnly to, DateOnly today, CancellationToken ct)
    {
        var rows = new List<TimelinessRow>();
        var counts = new List<TimelinessCounts>();
        long behind = 0;
        foreach (var tenant in await TenantRegistry.AllAsync(home, ct))
        {
            // a roll-up that silently left a province out would be wrong: an unreachable tenant stops it, named
            if (await Database.ProbeAsync(tenant.ConnectionString, ct) is { } problem) throw new TenantException($"tenant '{tenant.Id}': {problem}");
            await using var store = DocumentStore.For(o => MartenSetup.Configure(o, tenant.ConnectionString, withAsyncProjections: false));
            await using var q = store.QuerySession();
            // a home database that only keeps the registry has no event store: a row of zeros, nothing created by a report
            var holdsEvents = await HoldsEventsAsync(q, ct);
            var byUnit = holdsEvents ? await TimelinessReporting.CountAsync(q, ReportBy.Unit, level, from, to, today, null, ct) : [];
            var sum = new TimelinessCounts(tenant.Id, byUnit.Sum(c => c.Received), byUnit.Sum(c => c.Finished), byUnit.Sum(c => c.Early),
                byUnit.Sum(c => c.OnTime), byUnit.Sum(c => c.Late), byUnit.Sum(c => c.Refused), byUnit.Sum(c => c.Stopped),
                byUnit.Sum(c => c.InProgress), byUnit.Sum(c => c.OverdueInProgress), byUnit.Sum(c => c.UsedMinutes), byUnit.Sum(c => c.BudgetMinutes));
            counts.Add(sum);
            rows.Add(new TimelinessRow(sum.Key, tenant.Id,
                sum.Received, sum.Finished, sum.Early, sum.OnTime, sum.Late, sum.Refused, sum.Stopped, sum.InProgress, sum.OverdueInProgress));
            if (holdsEvents) behind += await TimelinessReporting.EventsBehindAsync(q, ct);
        }
        return new TimelinessReportResult(rows, counts, behind);
    }

    private static async Task<bool> HoldsEventsAsync(IQuerySession q, CancellationToken ct)
    {
        await using var conn = q.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = new Npgsql.NpgsqlCommand($"SELECT to_regclass('{MartenSetup.Schema}.mt_events') IS NOT NULL", conn);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }
}
