using Hangfire;
using IsoEdms.Calendars;

namespace IsoEdms.Jobs;

/// <summary>Hangfire recurring jobs. Jobs are thin: each only sends a Wolverine command; the handler does the work.</summary>
public static class RecurringJobs
{
    public const string CalendarCoverage = "calendar-coverage";

    public static void Register(IServiceCollection services) => services.AddTransient<CalendarCoverageJob>();

    public static void Schedule(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Services.GetRequiredService<IRecurringJobManager>()
                .AddOrUpdate<CalendarCoverageJob>(CalendarCoverage, j => j.RunAsync(), Cron.Daily(1), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc }));
}
