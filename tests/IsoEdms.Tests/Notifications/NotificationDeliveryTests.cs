using System.Globalization;
using Alba;
using Marten;
using Wolverine;
using Wolverine.Tracking;
using IsoEdms.Cases;
using IsoEdms.Cases.Receiving;
using IsoEdms.Cases.Working;
using IsoEdms.Domain.Cases;
using IsoEdms.Monitoring;
using IsoEdms.Notifications;
using IsoEdms.Tests.Cases;

namespace IsoEdms.Tests.Notifications;

/// <summary>The app in the test process, a real SMTP server process and a gateway on loopback, both listening before the app starts.</summary>
public sealed class NotifyingApp : IAsyncLifetime
{
    public AppFixture App { get; } = new();
    public MailSinkProcess Mail { get; private set; } = null!;
    public GatewayStub Gateway { get; private set; } = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"isoedms-mail-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        Mail = await MailSinkProcess.StartAsync(MailSinkProcess.FreePort(), _folder);
        Gateway = await GatewayStub.StartAsync();
        App.Settings["IsoEdms:Notify:Smtp:Host"] = "127.0.0.1";
        App.Settings["IsoEdms:Notify:Smtp:Port"] = Mail.Port.ToString(CultureInfo.InvariantCulture);
        App.Settings["IsoEdms:Notify:Smtp:From"] = "Trung tâm PVHCC <pvhcc@hue.gov.vn>";
        App.Settings["IsoEdms:Notify:Gateway:Url"] = Gateway.Url;
        App.Settings["IsoEdms:Notify:Gateway:Channel"] = "zalo";
        App.Settings["IsoEdms:Notify:RetrySeconds"] = "1,1,1,1,1";
        await App.InitializeAsync();
        await SeededApp.SeedAsync(App);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Mail.DisposeAsync();
        await Gateway.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Rule 27: notifications leave through the outbox after their event commits, to the addresses known, retried and recorded.</summary>
public sealed class NotificationDeliveryTests(NotifyingApp fixture) : IClassFixture<NotifyingApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly CaseApi _api = new(fixture.App);

    private async Task<IReadOnlyList<DeliveryView>> DeliveriesOf(string code) =>
        (await fixture.App.Host.GetAsJson<List<DeliveryView>>($"/api/deliveries?code={code}"))!;

    private Task<IReadOnlyList<DeliveryView>> SettledDeliveriesOf(string code, int count) =>
        Poll.UntilAsync(() => DeliveriesOf(code), l => l.Count == count && l.All(d => d.Status != DeliveryStatuses.Pending), Wait, $"{count} settled deliveries of {code}");

    [Fact]
    public async Task A_receipt_reaches_the_applicant_by_mail_and_by_zalo_once_each_and_a_refused_attempt_is_retried_and_recorded()
    {
        fixture.Gateway.FailFirst = 1;
        var r = await _api.Send("/api/cases", new ReceiveCaseRequest("chung-thuc.hop-dong-dat", "xa-quang-dien", null,
            new Applicant("Lê Văn Tám", "046190000123", "0912345678", Email: "tam@example.vn"), ["Hợp đồng"], "notify-receipt"), "nguyen-van-an", 201);
        var created = (await r.ReadAsJsonAsync<CaseCommandResult>())!;
        var details = await _api.Details(created.Id);
        var appointment = _api.Calendar.ToLocal(details.Due).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

        var mail = await fixture.Mail.NextAsync(m => (m.Subject ?? "").Contains(created.Code, StringComparison.Ordinal), Wait);
        mail.To.Mailboxes.Single().Address.ShouldBe("tam@example.vn");
        mail.From.Mailboxes.Single().Address.ShouldBe("pvhcc@hue.gov.vn");
        mail.TextBody.ShouldNotBeNull().ShouldContain($"Hồ sơ {created.Code}");
        mail.TextBody.ShouldContain($"Hẹn trả kết quả lúc {appointment}");
        mail.TextBody.ShouldContain($"Dossier {created.Code}");

        var zalo = await fixture.Gateway.NextAsync(c => c.Text.Contains(created.Code, StringComparison.Ordinal), Wait);
        (zalo.To, zalo.Channel, zalo.IdempotencyKey).ShouldBe(("0912345678", "zalo", zalo.Id));
        zalo.Text.ShouldContain(appointment);
        fixture.Gateway.Refused.ShouldContain(zalo.Id);   // the first try was answered 503

        var deliveries = await SettledDeliveriesOf(created.Code, 2);
        var byMail = deliveries.Single(d => d.Channel == DeliveryChannels.Email);
        (byMail.Status, byMail.Kind, byMail.Person, byMail.To).ShouldBe((DeliveryStatuses.Sent, "received", null, "ta…@example.vn"));
        byMail.Attempts.ShouldHaveSingleItem().Ok.ShouldBeTrue();
        var byZalo = deliveries.Single(d => d.Channel == DeliveryChannels.Zalo);
        byZalo.Status.ShouldBe(DeliveryStatuses.Sent);
        byZalo.Attempts.Select(a => a.Ok).ShouldBe([false, true]);
        byZalo.Attempts[0].Error.ShouldNotBeNull().ShouldContain("503");
        fixture.Gateway.Accepted.Count(c => c.Id == zalo.Id).ShouldBe(1);
        MailSinkProcess.All(fixture.Mail.Folder).Count(m => m.Headers["X-IsoEdms-Delivery"] == byMail.Id).ShouldBe(1);

        // only an administrator reads the deliveries; after an erasure the applicant's addresses are gone from them
        await fixture.App.Host.Scenario(s =>
        {
            s.Get.Url($"/api/deliveries?code={created.Code}");
            s.WithRequestHeader("Authorization", fixture.App.Bearer("nguyen-van-an"));
            s.StatusCodeShouldBe(403);
        });
        (await Cli.RunAsync(fixture.App.ConnectionString, "privacy", "erase", created.Code, "--reason", "Yêu cầu của chủ thể dữ liệu", "--by", "admin")).Exit.ShouldBe(0);
        (await DeliveriesOf(created.Code)).ShouldAllBe(d => d.To == Domain.Audit.PersonalData.ErasedText);
    }

    [Fact]
    public async Task A_step_the_head_gives_is_mailed_to_its_new_holder_and_listed_in_the_app_and_an_applicant_without_contact_gets_nothing()
    {
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        c = await _api.Act($"/api/cases/{c.Id}/steps/receive/complete", new { version = c.Version }, "nguyen-van-an");
        c = await _api.Act($"/api/cases/{c.Id}/steps/review/assign", new AssignStep(c.Version, "le-thi-hoa"), "tran-van-binh");

        var mail = await fixture.Mail.NextAsync(m => (m.Subject ?? "").Contains(c.Code, StringComparison.Ordinal), Wait);
        mail.To.Mailboxes.Single().Address.ShouldBe("le-thi-hoa@hue.gov.vn");
        mail.TextBody.ShouldNotBeNull().ShouldContain("được giao bước");
        mail.TextBody.ShouldContain(c.Code);

        var delivery = (await SettledDeliveriesOf(c.Code, 1)).Single();
        (delivery.Kind, delivery.Person, delivery.Channel, delivery.Status).ShouldBe(("assigned", "le-thi-hoa", DeliveryChannels.Email, DeliveryStatuses.Sent));
        var inApp = (await fixture.App.Host.GetAsJson<List<Notification>>("/api/notifications/le-thi-hoa"))!;
        inApp.ShouldContain(n => n.Code == c.Code && n.Kind == "assigned");

        await _api.Act($"/api/cases/{c.Id}/refuse", new { version = c.Version, reason = "Hồ sơ không đủ điều kiện" }, "tran-van-binh");
    }

    /// <summary>The Hangfire job body, run inside a tracked Wolverine session so every command it sends is handled before we look.</summary>
    private Task RunSweepJob() => fixture.App.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(60)).ExecuteAndWaitAsync((Func<IMessageContext, Task>)(ctx =>
        new DeadlineSweepJob(fixture.App.Host.Services.GetRequiredService<IDocumentStore>(), ctx, fixture.App.Clock).RunAsync()));

    [Fact]
    public async Task The_head_is_mailed_once_when_a_step_becomes_at_risk_and_its_holder_once_that_it_is_due_soon_however_often_the_sweep_runs()
    {
        _api.NextWorkingDay(8);
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");   // the desk's step: 2 working hours, held by the receiver
        _api.AdvanceWorking(TimeSpan.FromMinutes(95));
        await RunSweepJob();
        await RunSweepJob();

        var toHead = await fixture.Mail.NextAsync(m => (m.Subject ?? "").Contains(c.Code, StringComparison.Ordinal) && m.To.Mailboxes.Any(x => x.Address == "tran-van-binh@hue.gov.vn"), Wait);
        toHead.TextBody.ShouldNotBeNull().ShouldContain("có nguy cơ trễ");
        var deliveries = await SettledDeliveriesOf(c.Code, 2);
        deliveries.Select(d => (d.Kind, d.Person, d.Status)).OrderBy(x => x.Kind).ShouldBe(
            [(NotificationKinds.DueSoon, "nguyen-van-an", DeliveryStatuses.Sent), (NotificationKinds.EscalatedAtRisk, "tran-van-binh", DeliveryStatuses.Sent)]);
        MailSinkProcess.All(fixture.Mail.Folder).Count(m => m.Headers["X-IsoEdms-Delivery"] is { } id && deliveries.Any(d => d.Id == id)).ShouldBe(2);

        await _api.Act($"/api/cases/{c.Id}/refuse", new { version = c.Version, reason = "Hồ sơ không đủ điều kiện" }, "tran-van-binh");
    }

    [Fact]
    public async Task A_malformed_applicant_email_is_refused_naming_the_field_and_nothing_is_written()
    {
        var before = (await fixture.App.Host.GetAsJson<List<DeliveryView>>("/api/deliveries"))!.Count;
        var p = await _api.Fail("/api/cases", new ReceiveCaseRequest("chung-thuc.hop-dong-dat", "xa-quang-dien", null,
            new Applicant("Lê Văn Tám", Email: "tam at example.vn"), [], "notify-bad-email"), "nguyen-van-an", 400);
        (p.Status, p.Detail).ShouldBe((400, "'applicant.email' is not an e-mail address: 'tam at example.vn'"));
        p.Errors.ShouldNotBeNull().Keys.ShouldContain("applicant.email");
        (await fixture.App.Host.GetAsJson<List<DeliveryView>>("/api/deliveries"))!.Count.ShouldBe(before);
    }
}
