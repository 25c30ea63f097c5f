using IsoEdms.Domain.Calendars;

namespace IsoEdms.Calendars;

/// <summary>Warn when a published calendar runs out within the horizon: deadlines beyond its last year cannot be computed.</summary>
public sealed record CheckCalendarCoverage(int HorizonDays = 60);

public static class CheckCalendarCoverageHandler
{
    public static async Task Handle(CheckCalendarCoverage command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var calendars = await session.Query<CalendarCatalogEntry>().ToListAsync(ct);
        foreach (var c in calendars)
        {
            var events = await session.Events.FetchStreamAsync(c.Id, token: ct);
            var history = CalendarHistory.Fold(c.Calendar, events.Select(e => e.Data));
            var warnings = CalendarCoverage.Check(history, now, command.HorizonDays, "system:calendar-coverage");
            if (warnings.Count > 0) session.Events.Append(c.Id, events.Count + warnings.Count, warnings.ToArray());
        }
    }
}

/// <summary>The Hangfire side: send the command, nothing else.</summary>
public sealed class CalendarCoverageJob(IMessageBus bus)
{
    public Task RunAsync() => bus.InvokeAsync(new CheckCalendarCoverage());
}
