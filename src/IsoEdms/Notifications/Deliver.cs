using System.Net.Http.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace IsoEdms.Notifications;

/// <summary>
/// Hands one delivery to its channel. Runs off Wolverine's durable local queue: a delivery whose event committed is in the
/// queue's storage too, so a crash before the send loses nothing (the restarted node takes it up). Each attempt is written
/// on the delivery in this handler's transaction, together with the next try (a Wolverine scheduled message after the wait
/// the settings give) or the status it ends in. Wolverine's own retry policies would roll the attempt's record back with
/// the failure, which the administrator must see.
/// </summary>
public static class DeliverNoticeHandler
{
    public static async Task<OutgoingMessages> Handle(DeliverNotice message, IDocumentSession session, NotifyChannels channels, NotifySettings settings,
        TimeProvider clock, ILogger<DeliverNotice> log, CancellationToken ct)
    {
        var next = new OutgoingMessages();
        // sent, given up, or erased meanwhile: a message delivered again after a crash sends nothing twice
        if (await session.LoadAsync<Delivery>(message.DeliveryId, ct) is not { Status: DeliveryStatuses.Pending } d) return next;
        string? error = null;
        try { await channels.SendAsync(d, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
        }
        var now = clock.GetUtcNow();
        d.Attempts.Add(new DeliveryAttempt(d.Attempts.Count + 1, now, error is null, error));
        if (error is null) (d.Status, d.SentAt) = (DeliveryStatuses.Sent, now);
        else if (d.Attempts.Count >= settings.MaxAttempts)
        {
            d.Status = DeliveryStatuses.Failed;
            log.LogWarning("delivery {Id} on {Channel} given up after {Attempts} attempts: {Error}", d.Id, d.Channel, d.Attempts.Count, error);
        }
        else next.Delay(message, settings.Retries[d.Attempts.Count - 1]);
        session.Store(d);
        return next;
    }
}

/// <summary>The two ways out: MailKit to the SMTP server, and one JSON POST to the gateway.</summary>
public sealed class NotifyChannels(NotifySettings settings, IHttpClientFactory http)
{
    public const string GatewayClient = "notify-gateway";

    public Task SendAsync(Delivery d, CancellationToken ct) => d.Channel == DeliveryChannels.Email ? MailAsync(d, ct) : GatewayAsync(d, ct);

    private async Task MailAsync(Delivery d, CancellationToken ct)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(settings.SmtpFrom));
        mail.To.Add(MailboxAddress.Parse(d.To));
        mail.Subject = d.Subject;
        // the same id on every attempt: a mail a crash made the app send again is recognisable as the same mail
        mail.MessageId = $"{Domain.Documents.Canonical.Sha256(d.Id)[..32]}@isoedms";
        mail.Headers.Add("X-IsoEdms-Delivery", d.Id);
        mail.Body = new TextPart("plain") { Text = d.Text };
        using var smtp = new SmtpClient { Timeout = 30_000 };
        await smtp.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, SecureSocketOptions.Auto, ct);
        if (!string.IsNullOrEmpty(settings.SmtpUser)) await smtp.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? "", ct);
        await smtp.SendAsync(mail, ct);
        await smtp.DisconnectAsync(true, ct);
    }

    private async Task GatewayAsync(Delivery d, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.GatewayUrl)
        {
            Content = JsonContent.Create(new GatewayRequest(d.Id, d.Channel, d.To, d.Text)),
        };
        request.Headers.Add("Idempotency-Key", d.Id);
        if (!string.IsNullOrEmpty(settings.GatewayToken)) request.Headers.Authorization = new("Bearer", settings.GatewayToken);
        using var answer = await http.CreateClient(GatewayClient).SendAsync(request, ct);
        if (!answer.IsSuccessStatusCode)
            throw new HttpRequestException($"the gateway answered {(int)answer.StatusCode} {answer.ReasonPhrase}", null, answer.StatusCode);
    }

    /// <summary>What the gateway receives (JSON, snake_case): the delivery's id (also the Idempotency-Key header), the channel, the number, the text.</summary>
    public sealed record GatewayRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("channel")] string Channel,
        [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text);
}

/// <summary>What an administrator sees of a delivery: the address shortened, the attempts in full.</summary>
public sealed record DeliveryView(string Id, string Channel, string To, string Kind, string? Person, string Code, string Subject, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, IReadOnlyList<DeliveryAttempt> Attempts)
{
    public static DeliveryView Of(Delivery d) =>
        new(d.Id, d.Channel, Mask(d.To), d.Kind, d.Person, d.Code, d.Subject, d.Status, d.CreatedAt, d.SentAt, d.Attempts);

    /// <summary>Enough of an address to recognise it, not enough to copy it: "ng…@gmail.com", "09…78".</summary>
    public static string Mask(string to)
    {
        if (to == Domain.Audit.PersonalData.ErasedText) return to;
        if (to.IndexOf('@', StringComparison.Ordinal) is > 0 and var at) return $"{to[..Math.Min(2, at)]}…{to[at..]}";
        return to.Length <= 4 ? "…" : $"{to[..2]}…{to[^2..]}";
    }
}

public static class DeliveriesEndpoint
{
    /// <summary>The newest deliveries (at most 200), optionally of one status or one dossier, with every attempt: for administrators.</summary>
    [Authorize(Policy = Policies.Admin)]
    [WolverineGet("/api/deliveries")]
    public static async Task<Ok<IReadOnlyList<DeliveryView>>> Get(string? status, string? code, IQuerySession session, CancellationToken ct) =>
        TypedResults.Ok(await DeliveryLog.ListAsync(session, status, code, ct));
}

public static class DeliveryLog
{
    /// <summary>What the endpoint and the administrator's page show.</summary>
    public static async Task<IReadOnlyList<DeliveryView>> ListAsync(IQuerySession session, string? status, string? code, CancellationToken ct)
    {
        IQueryable<Delivery> q = session.Query<Delivery>();
        if (!string.IsNullOrWhiteSpace(status)) q = q.Where(d => d.Status == status);
        if (!string.IsNullOrWhiteSpace(code)) q = q.Where(d => d.Code == code);
        var list = await q.OrderByDescending(d => d.CreatedAt).Take(200).ToListAsync(ct);
        return list.Select(DeliveryView.Of).ToList();
    }
}
