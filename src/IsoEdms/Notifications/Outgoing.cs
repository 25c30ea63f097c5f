using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Notifications;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;
using IsoEdms.Monitoring;

namespace IsoEdms.Notifications;

/// <summary>
/// Where notifications leave the app (configuration <c>IsoEdms:Notify</c>): an SMTP server for e-mail, and an HTTP gateway
/// for SMS or Zalo. A channel without its address is off; with both off nothing is queued and only the in-app list exists.
/// </summary>
public sealed class NotifySettings
{
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 25;
    public string SmtpFrom { get; init; } = "IsoEdms <khong-tra-loi@isoedms.local>";
    public string? SmtpUser { get; init; }
    public string? SmtpPassword { get; init; }
    public string? GatewayUrl { get; init; }
    /// <summary>What the gateway delivers: <c>sms</c> or <c>zalo</c> (said in each request and recorded on each delivery).</summary>
    public string GatewayChannel { get; init; } = DeliveryChannels.Sms;
    public string? GatewayToken { get; init; }
    /// <summary>The waits before the second, third, … attempt; after the last one fails the delivery is given up.</summary>
    public IReadOnlyList<TimeSpan> Retries { get; init; } = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6)];

    public bool Email => !string.IsNullOrWhiteSpace(SmtpHost);
    public bool Gateway => !string.IsNullOrWhiteSpace(GatewayUrl);
    public int MaxAttempts => Retries.Count + 1;

    public static NotifySettings From(IConfiguration config)
    {
        var s = config.GetSection("IsoEdms:Notify");
        var channel = s["Gateway:Channel"] is { Length: > 0 } c ? c.Trim().ToLowerInvariant() : DeliveryChannels.Sms;
        if (channel is not (DeliveryChannels.Sms or DeliveryChannels.Zalo))
            throw new InvalidOperationException($"IsoEdms:Notify:Gateway:Channel is '{channel}'; it must be 'sms' or 'zalo'");
        var retries = s["RetrySeconds"] is { Length: > 0 } r
            ? r.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(x => int.TryParse(x, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? TimeSpan.FromSeconds(n)
                    : throw new InvalidOperationException($"IsoEdms:Notify:RetrySeconds: '{x}' is not a positive number of seconds")).ToList()
            : null;
        var d = new NotifySettings();
        return new NotifySettings
        {
            SmtpHost = s["Smtp:Host"], SmtpPort = int.TryParse(s["Smtp:Port"], out var port) ? port : d.SmtpPort, SmtpFrom = s["Smtp:From"] ?? d.SmtpFrom,
            SmtpUser = s["Smtp:User"], SmtpPassword = s["Smtp:Password"],
            GatewayUrl = s["Gateway:Url"], GatewayChannel = channel, GatewayToken = s["Gateway:Token"],
            Retries = retries ?? d.Retries,
        };
    }
}

public static class DeliveryChannels
{
    public const string Email = "email", Sms = "sms", Zalo = "zalo";
}

public static class DeliveryStatuses
{
    public const string Pending = "pending", Sent = "sent", Failed = "failed";
}

/// <summary>One try to hand a delivery to its channel: when, and what went wrong (null: accepted).</summary>
public sealed record DeliveryAttempt(int Number, DateTimeOffset At, bool Ok, string? Error);

/// <summary>
/// One message to one address on one channel, written in the transaction of the event that causes it (a document, not a
/// business fact). Its attempts are kept on it, for the administrator. The id is fixed by its cause, so a cause is never
/// queued twice.
/// </summary>
public sealed class Delivery
{
    public string Id { get; set; } = "";
    public string Channel { get; set; } = "";
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Text { get; set; } = "";
    public string Kind { get; set; } = "";
    /// <summary>The member of staff it is for (null: the applicant).</summary>
    public string? Person { get; set; }
    public Guid CaseId { get; set; }
    public string Code { get; set; } = "";
    public string Status { get; set; } = DeliveryStatuses.Pending;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public List<DeliveryAttempt> Attempts { get; set; } = [];
}

/// <summary>The message that hands one <see cref="Delivery"/> to its channel, through Wolverine's durable local queue.</summary>
public sealed record DeliverNotice(string DeliveryId);

/// <summary>The case as a notice about it needs it.</summary>
public sealed record NoticeCase(Guid Id, string Code, long Version, Applicant Applicant, ProcedureDefinition Definition, WorkingCalendar Calendar);

/// <summary>
/// Turns notices into deliveries and queues them on the caller's message context: inside a handler, Wolverine's outbox,
/// so they are stored in the same transaction as the events that caused them, and sent only once that commits.
/// </summary>
public sealed class Outgoing(NotifySettings settings)
{
    public const string QueueName = "notifications";

    public bool On => settings.Email || settings.Gateway;

    /// <summary>
    /// The case's notices: to the applicant at their e-mail and phone, to staff at theirs (and in the app).
    /// <paramref name="completedBy"/> says who completed a step of this case (for a return), null when nobody did.
    /// </summary>
    public async Task QueueAsync(IDocumentSession session, IMessageContext bus, NoticeCase c, IEnumerable<Notice> notices, OrgSnapshot org,
        Func<string, string?> completedBy, DateTimeOffset now)
    {
        foreach (var n in notices)
        {
            var text = NoticeWords.Of(n, c);
            if (n.Audience == NoticeAudience.Applicant)
            {
                await QueueAsync(session, bus, c, n, text, null, DeliveryChannels.Email, c.Applicant.Email, now);
                await QueueAsync(session, bus, c, n, text, null, settings.GatewayChannel, c.Applicant.Phone, now);
                continue;
            }
            var person = n.Person ?? (n.Step is { } step ? completedBy(step) : null);
            if (person is null || org.Person(person) is not { } p) continue;
            session.Store(new Notification
            {
                Id = $"{Kinds.Of(n.Kind)}:{person}:{c.Id:N}:{c.Version}", Recipient = person, RecipientKind = NotificationKinds.ToPerson, CaseId = c.Id, Code = c.Code,
                Kind = Kinds.Of(n.Kind), Message = $"{text.Vi} / {text.En}", CreatedAt = now,
            });
            await QueueAsync(session, bus, c, n, text, person, DeliveryChannels.Email, p.Email, now);
            await QueueAsync(session, bus, c, n, text, person, settings.GatewayChannel, p.Phone, now);
        }
    }

    /// <summary>An in-app notification of the deadline sweep, sent on to the member of staff it names (not to a whole unit).</summary>
    public async Task QueueAsync(IDocumentSession session, IMessageContext bus, Notification n, OrgSnapshot org, DateTimeOffset now)
    {
        if (!On || n.RecipientKind != NotificationKinds.ToPerson || org.Person(n.Recipient) is not { } p) return;
        var subject = $"[IsoEdms] Hồ sơ {n.Code}";
        foreach (var (channel, to) in new[] { (DeliveryChannels.Email, p.Email), (settings.GatewayChannel, p.Phone) })
        {
            if (!Enabled(channel) || string.IsNullOrWhiteSpace(to)) continue;
            var id = $"{n.Id}:{channel}";
            // a sweep may write the same in-app notification again: its delivery is queued once
            if (await session.LoadAsync<Delivery>(id) is not null) continue;
            session.Insert(new Delivery { Id = id, Channel = channel, To = to, Subject = subject, Text = n.Message, Kind = n.Kind, Person = p.Code, CaseId = n.CaseId, Code = n.Code, CreatedAt = now });
            await bus.PublishAsync(new DeliverNotice(id));
        }
    }

    private bool Enabled(string channel) => channel == DeliveryChannels.Email ? settings.Email : settings.Gateway;

    private async Task QueueAsync(IDocumentSession session, IMessageContext bus, NoticeCase c, Notice n, NoticeText text, string? person, string channel, string? to, DateTimeOffset now)
    {
        if (!Enabled(channel) || string.IsNullOrWhiteSpace(to)) return;
        var id = $"{c.Id:N}:{c.Version}:{Kinds.Of(n.Kind)}:{person ?? "applicant"}:{channel}";
        var body = channel == DeliveryChannels.Email ? $"{text.Vi}\n\n{text.En}\n\n-- \nIsoEdms" : text.Vi;
        session.Insert(new Delivery
        {
            Id = id, Channel = channel, To = to, Subject = $"[IsoEdms] {text.Subject}", Text = body, Kind = Kinds.Of(n.Kind), Person = person,
            CaseId = c.Id, Code = c.Code, CreatedAt = now,
        });
        await bus.PublishAsync(new DeliverNotice(id));
    }

    private static class Kinds
    {
        public static string Of(NoticeKind k) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(k.ToString());
    }
}

public sealed record NoticeText(string Subject, string Vi, string En);

/// <summary>The words of a notice, Vietnamese first; times on the case's calendar, as the desk gave them.</summary>
public static class NoticeWords
{
    public static NoticeText Of(Notice n, NoticeCase c)
    {
        string Local(DateTimeOffset? t) => t is { } x ? c.Calendar.ToLocal(x).ToString("HH:mm dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) : "";
        var step = n.Step is { } s ? c.Definition.Steps.FirstOrDefault(x => x.Id == s)?.Title : null;
        var stepVi = step?.Vi ?? n.Step;
        var stepEn = step?.En ?? stepVi;
        var reason = string.IsNullOrWhiteSpace(n.Reason) ? "" : n.Reason;
        var code = c.Code;
        return n.Kind switch
        {
            NoticeKind.Received => new($"Hồ sơ {code}: đã tiếp nhận",
                $"Hồ sơ {code} ({c.Definition.Title.Vi}) đã được tiếp nhận. Hẹn trả kết quả lúc {Local(n.When)}.",
                $"Dossier {code} ({c.Definition.Title.En ?? c.Definition.Title.Vi}) was received. Result appointment: {Local(n.When)}."),
            NoticeKind.SupplementNeeded => new($"Hồ sơ {code}: cần bổ sung",
                $"Hồ sơ {code} cần bổ sung: {string.Join("; ", n.Items ?? [])}.{(reason.Length > 0 ? $" {reason}" : "")} Thời hạn giải quyết tạm dừng đến khi nhận đủ.",
                $"Dossier {code} needs a supplement: {string.Join("; ", n.Items ?? [])}.{(reason.Length > 0 ? $" {reason}" : "")} The time limit is paused until it is complete."),
            NoticeKind.ResultReady => new($"Hồ sơ {code}: đã có kết quả",
                $"Hồ sơ {code} đã có kết quả. Mời ông/bà đến bộ phận một cửa để nhận.",
                $"The result of dossier {code} is ready at the one-stop desk."),
            NoticeKind.Apology => new($"Hồ sơ {code}: thư xin lỗi và hẹn lại",
                $"Cơ quan xin lỗi ông/bà vì hồ sơ {code} chậm so với hẹn. Lý do: {reason}. Hẹn trả kết quả mới lúc {Local(n.When)}.",
                $"We apologise: dossier {code} is later than promised. Reason: {reason}. New appointment: {Local(n.When)}."),
            NoticeKind.Refused => new($"Hồ sơ {code}: không được giải quyết",
                $"Hồ sơ {code} không được giải quyết. Lý do: {reason}.",
                $"Dossier {code} was refused. Reason: {reason}."),
            NoticeKind.Stopped => new($"Hồ sơ {code}: dừng xử lý",
                $"Hồ sơ {code} đã dừng xử lý. Lý do: {reason}.",
                $"Processing of dossier {code} stopped. Reason: {reason}."),
            NoticeKind.Assigned => new($"Hồ sơ {code}: được giao bước {stepVi}",
                $"Anh/chị được giao bước \"{stepVi}\" của hồ sơ {code}.",
                $"You were given the step \"{stepEn}\" of dossier {code}."),
            NoticeKind.Returned => new($"Hồ sơ {code}: trả lại bước {stepVi}",
                $"Hồ sơ {code} được trả lại bước \"{stepVi}\" để làm lại. Lý do: {reason}.",
                $"Dossier {code} came back to the step \"{stepEn}\" to be done again. Reason: {reason}."),
            _ => throw new ArgumentOutOfRangeException(nameof(n), n.Kind, "no words for this notice"),
        };
    }
}
