using IsoEdms.Domain.Calendars;

namespace IsoEdms.Domain.Tests;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Processes => Path.Combine(Root, "processes");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "IsoEdms.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the repository root (IsoEdms.sln) above " + AppContext.BaseDirectory);
    }
}

public static class TestCalendars
{
    private static readonly Lazy<WorkingCalendar> Shipped = new(() =>
    {
        var folder = Path.Combine(RepoPaths.Processes, "calendars", "vn-gov");
        var years = Directory.GetFiles(folder, "*.yaml").Order().Select(f =>
        {
            var (year, errors) = CalendarFile.Parse(f, File.ReadAllText(f));
            if (year is null) throw new InvalidOperationException(string.Join("\n", errors));
            return year;
        });
        return new WorkingCalendar(years, version: 3);
    });

    public static WorkingCalendar VnGov => Shipped.Value;
}
