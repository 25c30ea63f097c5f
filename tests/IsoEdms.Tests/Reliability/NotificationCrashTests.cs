using System.Globalization;
using System.Net.Http.Json;
using IsoEdms.Infrastructure;
using IsoEdms.Notifications;
using IsoEdms.Testing;
using IsoEdms.Tests.Notifications;

namespace IsoEdms.Tests.Reliability;

/// <summary>
/// Rule 27 under a crash: the receipt commits with its mail in the outbox while the SMTP server is down; the app is killed
/// with SIGKILL before the mail could leave; the server comes up and the app starts again: the mail arrives exactly once.
/// </summary>
public sealed class NotificationCrashTests : IAsyncLifetime
{
    private readonly string _db = $"isoedms_t_{Guid.NewGuid():N}"[..22];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"isoedms-mail-{Guid.NewGuid():N}");
    private string _cs = "";

    public async Task InitializeAsync()
    {
        _cs = await ThrowawayDatabase.CreateAsync(Database.Resolve(), _db);
        foreach (var args in new[] { new[] { "calendars", "publish", Cli.Processes("calendars") }, ["org", "load", Cli.Processes("org")], ["procedures", "publish", Cli.Processes("procedures")], ["users", "demo-passwords"] })
            (await Cli.RunAsync(_cs, args)).Exit.ShouldBe(0);
    }

    public async Task DisposeAsync()
    {
        await ThrowawayDatabase.DropAsync(Database.Resolve(), _db);
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static async Task<List<DeliveryView>> DeliveriesAsync(HttpClient admin, string code) =>
        (await admin.GetFromJsonAsync<List<DeliveryView>>($"/api/deliveries?code={code}", Json))!;

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
    };

    [Fact]
    public async Task A_mail_whose_receipt_committed_before_the_app_was_killed_arrives_exactly_once_after_the_restart()
    {
        var port = MailSinkProcess.FreePort();   // the SMTP server is down: nothing listens there yet
        var settings = new Dictionary<string, string>
        {
            ["IsoEdms__Notify__Smtp__Host"] = "127.0.0.1", ["IsoEdms__Notify__Smtp__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["IsoEdms__Notify__RetrySeconds"] = string.Join(',', Enumerable.Repeat("1", 30)),
        };
        var first = await AppProcess.StartAsync(_cs, settings);
        string code, deliveryId;
        try
        {
            using var desk = new HttpClient { BaseAddress = new Uri(first.Url) };
            await AppProcess.SignInAsync(desk, "nguyen-van-an");
            var r = await desk.PostAsJsonAsync("/api/cases", new
            {
                procedure = "chung-thuc.hop-dong-dat", receiving_unit = "xa-quang-dien", idempotency_key = "crash-mail-1",
                applicant = new { name = "Lê Văn Tám", email = "tam@example.vn" },
            });
            r.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
            code = (await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString()!;

            // the mail was taken up and could not leave: it waits for its next try when the app dies
            using var admin = new HttpClient { BaseAddress = new Uri(first.Url) };
            await AppProcess.SignInAsync(admin, "admin");
            var waiting = await Poll.UntilAsync(() => DeliveriesAsync(admin, code), l => l.Count == 1 && l[0].Attempts.Count >= 1,
                TimeSpan.FromSeconds(60), "a failed first attempt");
            waiting[0].Status.ShouldBe(DeliveryStatuses.Pending);
            waiting[0].Attempts.ShouldAllBe(a => !a.Ok);
            deliveryId = waiting[0].Id;
        }
        finally
        {
            await first.KillAsync();
        }

        await using var sink = await MailSinkProcess.StartAsync(port, _folder);
        var second = await AppProcess.StartAsync(_cs, settings);
        try
        {
            var mail = await sink.NextAsync(m => (m.Subject ?? "").Contains(code, StringComparison.Ordinal), TimeSpan.FromSeconds(90));
            mail.To.Mailboxes.Single().Address.ShouldBe("tam@example.vn");
            mail.Headers["X-IsoEdms-Delivery"].ShouldBe(deliveryId);

            using var admin = new HttpClient { BaseAddress = new Uri(second.Url) };
            await AppProcess.SignInAsync(admin, "admin");
            var sent = (await Poll.UntilAsync(() => DeliveriesAsync(admin, code), l => l.Count == 1 && l[0].Status == DeliveryStatuses.Sent,
                TimeSpan.FromSeconds(60), "the delivery marked sent")).Single();
            sent.Attempts[^1].Ok.ShouldBeTrue();
            sent.Attempts.SkipLast(1).ShouldAllBe(a => !a.Ok);
            MailSinkProcess.All(_folder).Count(m => m.Headers["X-IsoEdms-Delivery"] == deliveryId).ShouldBe(1);
        }
        finally
        {
            await second.KillAsync();
        }
    }
}
