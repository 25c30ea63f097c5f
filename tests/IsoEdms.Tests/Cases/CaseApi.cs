using System.Text.Json;
using Alba;
using IsoEdms.Cases;
using IsoEdms.Cases.Receiving;
using IsoEdms.Domain.Calendars;

namespace IsoEdms.Tests.Cases;

/// <summary>A host with the shipped calendars, organisation and procedures published once per test class.</summary>
public sealed class SeededApp : IAsyncLifetime
{
    public AppFixture App { get; } = new();

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        await SeedAsync(App);
    }

    /// <summary>Publishes the shipped calendars, procedures and surveys and loads the organisation into <paramref name="app"/>.</summary>
    public static async Task SeedAsync(AppFixture app)
    {
        // calendars and the organisation first: procedures are checked against both (their approvers are people of it)
        var calendars = await Cli.RunAsync(app.ConnectionString, "calendars", "publish", Cli.Processes("calendars"));
        calendars.Exit.ShouldBe(0, $"calendars publish: {calendars.Err}");
        await app.SeedPeopleAsync();
        foreach (var what in new[] { "procedures", "surveys" })
        {
            var published = await Cli.RunAsync(app.ConnectionString, what, "publish", Cli.Processes(what));
            published.Exit.ShouldBe(0, $"{what} publish: {published.Err}");
        }
    }

    public Task DisposeAsync() => App.DisposeAsync();
}

public sealed record Problem(int Status, string Title, string Detail, Dictionary<string, string[]>? Errors, long? CurrentVersion);

/// <summary>
/// Case commands over HTTP as a person at a desk would send them, and the fake clock moved in working time. Each test
/// makes its own, and the clock starts again at <see cref="TestClock.MondayMorning"/> for it.
/// </summary>
public sealed class CaseApi
{
    private readonly AppFixture app;

    public CaseApi(AppFixture app)
    {
        this.app = app;
        app.Clock.StartAt(TestClock.MondayMorning);
    }

    private static readonly Lazy<WorkingCalendar> Shipped = new(() =>
        new WorkingCalendar(Directory.GetFiles(Cli.Processes("calendars/vn-gov"), "*.yaml").Order()
            .Select(f => CalendarFile.Parse(f, File.ReadAllText(f)).Year!), 3));

    public WorkingCalendar Calendar => Shipped.Value;
    public DateTimeOffset Now => app.Clock.GetUtcNow();
    private int _keys;

    /// <summary>Moves the clock to the next working day at <paramref name="hour"/>:<paramref name="minute"/> local time.</summary>
    public DateTimeOffset NextWorkingDay(int hour = 8, int minute = 0)
    {
        var date = Calendar.LocalDate(Now);
        do date = date.AddDays(1); while (!Calendar.IsWorkingDay(date));
        return AdvanceTo(Local(date, hour, minute));
    }

    public DateTimeOffset Local(DateOnly date, int hour, int minute = 0)
    {
        var local = date.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, Calendar.TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    public DateTimeOffset AdvanceTo(DateTimeOffset instant)
    {
        if (instant < Now) throw new InvalidOperationException($"the clock cannot go back from {Now:O} to {instant:O}");
        app.Clock.SetUtcNow(instant);
        return Now;
    }

    public DateTimeOffset AdvanceWorking(TimeSpan workingTime) => AdvanceTo(Calendar.AddWorkingTime(Now, workingTime));

    public async Task<CaseCommandResult> Receive(string procedure, string unit, string by, string? key = null, string? leadUnit = null)
    {
        var r = await Send("/api/cases", new ReceiveCaseRequest(procedure, unit, leadUnit, new Domain.Cases.Applicant("Trần Thị Bình", "046190000123"),
            ["Đơn đề nghị", "Bản chính giấy tờ"], key ?? $"key-{Guid.NewGuid():N}-{_keys++}"), by, 201);
        return (await r.ReadAsJsonAsync<CaseCommandResult>())!;
    }

    public async Task<CaseCommandResult> Act(string url, object body, string by)
    {
        var r = await Send(url, body, by, 200);
        return (await r.ReadAsJsonAsync<CaseCommandResult>())!;
    }

    public async Task<Problem> Fail(string url, object body, string? by, int status)
    {
        var r = await Send(url, body, by, status);
        using var doc = JsonDocument.Parse(await r.ReadAsTextAsync());
        var root = doc.RootElement;
        Dictionary<string, string[]>? errors = root.TryGetProperty("errors", out var e)
            ? e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(x => x.GetString()!).ToArray()) : null;
        return new Problem(root.GetProperty("status").GetInt32(), root.GetProperty("title").GetString()!, root.TryGetProperty("detail", out var d) ? d.GetString()! : "",
            errors, root.TryGetProperty("current_version", out var v) ? v.GetInt64() : null);
    }

    public Task<IScenarioResult> Send(string url, object body, string? by, int status, IDictionary<string, string>? headers = null) => app.Host.Scenario(s =>
    {
        s.Post.Json(body).ToUrl(url);
        s.WithRequestHeader("Authorization", by is null ? AppFixture.Anonymous : app.Bearer(by));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) s.WithRequestHeader(name, value);
        s.StatusCodeShouldBe(status);
    });

    public async Task<CaseDetails> Details(Guid id) => (await app.Host.GetAsJson<CaseDetails>($"/api/cases/{id}"))!;

    public async Task<List<QueueEntry>> Queue(string kind, string key) => (await app.Host.GetAsJson<List<QueueEntry>>($"/api/queue/{kind}/{key}"))!;
}
