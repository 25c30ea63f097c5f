using Hangfire;
using IsoEdms.Calendars;
using IsoEdms.Monitoring;
using IsoEdms.Quality;

namespace IsoEdms.Jobs;

/// <summary>
/// Hangfire recurring jobs. Jobs are thin: each only sends Wolverine commands; the handlers do the work. Schedules are
/// cron expressions in configuration (IsoEdms:Jobs:&lt;id&gt;), so tests and operators can change them.
/// </summary>
public static class RecurringJobs
{
    public const string CalendarCoverage = "calendar-coverage";
    public const string DeadlineSweep = "deadline-sweep";
    public const string CorrectiveActionOverdue = "corrective-action-overdue";
    public const string CalendarFollow = "calendar-follow";

    public static void Register(IServiceCollection services)
    {
        services.AddTransient<CalendarCoverageJob>();
        services.AddTransient<DeadlineSweepJob>();
        services.AddTransient<CorrectiveActionOverdueJob>();
        services.AddTransient<CalendarFollowJob>();
    }

    public static void Schedule(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
            var config = app.Configuration;
            string Cron(string id, string fallback) => config[$"IsoEdms:Jobs:{id}"] is { Length: > 0 } c ? c : fallback;
            var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
            jobs.AddOrUpdate<CalendarCoverageJob>(CalendarCoverage, j => j.RunAsync(), Cron(CalendarCoverage, Hangfire.Cron.Daily(1)), utc);
            jobs.AddOrUpdate<DeadlineSweepJob>(DeadlineSweep, j => j.RunAsync(), Cron(DeadlineSweep, Hangfire.Cron.Minutely()), utc);
            jobs.AddOrUpdate<CalendarFollowJob>(CalendarFollow, j => j.RunAsync(), Cron(CalendarFollow, Hangfire.Cron.Minutely()), utc);
            jobs.AddOrUpdate<CorrectiveActionOverdueJob>(CorrectiveActionOverdue, j => j.RunAsync(), Cron(CorrectiveActionOverdue, Hangfire.Cron.Hourly()), utc);
        });
}
