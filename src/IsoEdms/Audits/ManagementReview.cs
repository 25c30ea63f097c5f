using System.Globalization;
using System.Text;
using System.Text.Json;
using IsoEdms.Cases.Forms;
using IsoEdms.Domain.Access;
using IsoEdms.Domain.Audits;
using IsoEdms.Organisation;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IsoEdms.Audits;

/// <summary>A management review as held, with its frozen inputs and its outputs (inline, one per review stream).</summary>
public sealed class ManagementReviewView
{
    public Guid Id { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public DateOnly HeldOn { get; set; }
    public string Chair { get; set; } = "";
    public List<string> Attendees { get; set; } = [];
    public string InputsJson { get; set; } = "";
    public string InputsSha256 { get; set; } = "";
    public List<string> Decisions { get; set; } = [];
    public List<Quality.TrackedAction> Actions { get; set; } = [];
    public List<string> ResourceNeeds { get; set; } = [];
    public string HeldBy { get; set; } = "";
    public long Version { get; set; }
}

public sealed class ManagementReviewViewProjection : SingleStreamProjection<ManagementReviewView, Guid>
{
    public static ManagementReviewView Create(ManagementReviewHeld e) => new()
    {
        Id = e.ReviewId, From = e.From, To = e.To, HeldOn = e.HeldOn, Chair = e.Chair, Attendees = [.. e.Attendees], InputsJson = e.InputsJson,
        InputsSha256 = e.InputsSha256, Decisions = [.. e.Decisions], ResourceNeeds = [.. e.ResourceNeeds], HeldBy = e.By,
        Actions = [.. e.Actions.Select(a => new Quality.TrackedAction { No = a.No, Description = a.Description, Owner = a.Owner, Due = a.Due })],
    };

    public static void Apply(ReviewActionCompleted e, ManagementReviewView v)
    {
        var a = v.Actions.Single(x => x.No == e.No);
        (a.DoneOn, a.Evidence) = (e.On, e.Evidence);
    }
}

/// <summary>The status of an earlier review's action as of a day: the first input of a review (9.3.2 a).</summary>
public sealed record PreviousAction(Guid ReviewId, DateOnly HeldOn, int No, string Description, string Owner, DateOnly Due, string Status, DateOnly? DoneOn);

public static class ReviewActionStatuses
{
    public const string Done = "done", Open = "open", Overdue = "overdue";
}

/// <summary>Record a management review once held: its inputs are assembled in the same transaction and frozen in its event.</summary>
public sealed record HoldReviewCommand(HoldReview Review, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Quality;
}

public sealed record CompleteReviewActionCommand([property: JasperFx.Identity] Guid ReviewId, int No, string Evidence, DateOnly? On, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Quality;
}

public sealed record ReviewAnswer(Guid Id, DateOnly HeldOn, string InputsSha256, int Actions, int Done);

public static class HoldReviewHandler
{
    public static async Task<Outcome<ReviewAnswer>> Handle(HoldReviewCommand command, IDocumentSession session, OrgSnapshots orgs, TimeProvider clock, CancellationToken ct)
    {
        var org = await orgs.CurrentAsync(session, ct);
        var today = OrgLoad.Today(clock);
        var c = command.Review;
        // the inputs as the review pack gives them for the period, now: what the meeting had before it
        var inputs = JsonSerializer.Serialize(await ReviewPack.AssembleAsync(session, c.From, c.To, today, ct), ApiJson.Options);
        var id = Guid.CreateVersion7();
        var (held, refusal) = ManagementReviews.Hold(id, c, inputs, org, today, command.By, clock.GetUtcNow());
        if (refusal is not null) return Refusal.Of(422, "The review cannot be recorded", refusal.Said, refusal.Field);
        session.LastModifiedBy = command.By;
        session.Events.StartStream<ManagementReviewView>(id, held!);
        return Outcome<ReviewAnswer>.Done(new ReviewAnswer(id, held!.HeldOn, held.InputsSha256, held.Actions.Count, 0), 201);
    }

}

public static class CompleteReviewActionHandler
{
    public static Outcome<ReviewAnswer> Handle(CompleteReviewActionCommand command, [Wolverine.Marten.WriteAggregate(Required = false)] IEventStream<ManagementReviewView> stream,
        IDocumentSession session, TimeProvider clock)
    {
        if (stream.Aggregate is not { } review) return Refusal.Of(404, "Unknown review", Domain.Say.It("review_unknown", $"there is no management review {command.ReviewId}"));
        var done = review.Actions.Where(a => a.DoneOn is not null).Select(a => a.No).ToHashSet();
        var actions = review.Actions.Select(a => new ReviewAction(a.No, a.Description, a.Owner, a.Due)).ToList();
        var (completed, refusal) = ManagementReviews.Complete(review.Id, review.HeldOn, actions, done, command.No, command.Evidence,
            command.On ?? OrgLoad.Today(clock), command.By, clock.GetUtcNow());
        if (refusal is not null) return Refusal.Of(422, "The action cannot be closed", refusal.Said, refusal.Field);
        session.LastModifiedBy = command.By;
        stream.AppendOne(completed!);
        return Outcome<ReviewAnswer>.Done(new ReviewAnswer(review.Id, review.HeldOn, review.InputsSha256, review.Actions.Count, done.Count + 1));
    }
}

public static class ManagementReviewReading
{
    /// <summary>The actions of the reviews held on or before <paramref name="asOf"/>, with their status that day.</summary>
    public static async Task<IReadOnlyList<PreviousAction>> PreviousActionsAsync(IQuerySession session, DateOnly asOf, CancellationToken ct)
    {
        var reviews = await session.Query<ManagementReviewView>().Where(r => r.HeldOn <= asOf).ToListAsync(ct);
        return reviews.OrderBy(r => r.HeldOn).ThenBy(r => r.Id).SelectMany(r => r.Actions.Select(a => new PreviousAction(r.Id, r.HeldOn, a.No, a.Description, a.Owner, a.Due,
            a.DoneOn is { } d && d <= asOf ? ReviewActionStatuses.Done : a.Due < asOf ? ReviewActionStatuses.Overdue : ReviewActionStatuses.Open,
            a.DoneOn is { } d2 && d2 <= asOf ? d2 : null))).ToList();
    }

    /// <summary>The minutes of a review (biên bản họp xem xét của lãnh đạo), in Vietnamese, from its event: A4, printable.</summary>
    public static string Minutes(ManagementReviewView r, Domain.Organisation.OrgSnapshot org)
    {
        string Name(string person) => org.Person(person)?.Name is { } n ? $"{n} ({person})" : person;
        var top = org.Units.FirstOrDefault(u => u.Parent is null && u.Ended is null)?.Name.Vi ?? "Cơ quan";
        var e = CaseForms.E;
        var inputs = JsonDocument.Parse(r.InputsJson).RootElement;
        var t = inputs.GetProperty("timeliness");
        int N(string k) => t.GetProperty(k).GetInt32();
        var body = new StringBuilder();
        body.Append("<p>Kỳ xem xét: từ ngày ").Append(r.From.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append(" đến ngày ")
            .Append(r.To.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append(". Ngày họp: ").Append(r.HeldOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append(".</p>")
            .Append("<p>Chủ trì: ").Append(e(Name(r.Chair))).Append(".<br>Thành phần tham dự: ").Append(e(string.Join("; ", r.Attendees.Select(Name)))).Append(".</p>")
            .Append("<h2>I. Đầu vào xem xét (TCVN ISO 9001:2015, mục 9.3.2)</h2>")
            .Append("<p>Số liệu được chốt khi họp (mã SHA-256 ").Append(e(r.InputsSha256[..16])).Append("…).</p>")
            .Append("<table><tr><th>Tiếp nhận</th><th>Đã giải quyết</th><th>Trước hạn</th><th>Đúng hạn</th><th>Quá hạn</th><th>Từ chối</th><th>Dừng</th><th>Đang giải quyết</th><th>Đang quá hạn</th></tr><tr>");
        foreach (var k in new[] { "received", "finished", "early", "on_time", "late", "refused", "stopped", "in_progress", "overdue_in_progress" })
            body.Append("<td>").Append(N(k)).Append("</td>");
        body.Append("</tr></table>");
        var objectives = inputs.GetProperty("objectives").EnumerateArray().ToList();
        if (objectives.Count > 0)
        {
            body.Append("<p>Mục tiêu chất lượng:</p><ul>");
            foreach (var o in objectives)
                body.Append("<li>").Append(e(o.GetProperty("title").GetProperty("vi").GetString() ?? "")).Append(": ")
                    .Append(o.GetProperty("value").ValueKind == JsonValueKind.Number ? o.GetProperty("value").GetDecimal().ToString(CultureInfo.InvariantCulture) : "–")
                    .Append(" (").Append(o.GetProperty("status").GetString() switch { "met" => "đạt", "missed" => "không đạt", "at_risk" => "có nguy cơ không đạt", _ => "chưa có số liệu" }).Append(")</li>");
            body.Append("</ul>");
        }
        body.Append("<p>Sự không phù hợp trong kỳ: ").Append(inputs.GetProperty("nonconformities").GetArrayLength()).Append(" dòng báo cáo; hành động khắc phục: ")
            .Append(inputs.GetProperty("corrective_actions").GetArrayLength()).Append("; cuộc đánh giá nội bộ: ").Append(inputs.GetProperty("audits").GetArrayLength())
            .Append("; hành động của các lần xem xét trước: ").Append(inputs.GetProperty("previous_actions").GetArrayLength()).Append(".</p>");
        body.Append("<h2>II. Kết luận (mục 9.3.3)</h2><ol>");
        foreach (var d in r.Decisions) body.Append("<li>").Append(e(d)).Append("</li>");
        body.Append("</ol>");
        if (r.Actions.Count > 0)
        {
            body.Append("<h2>III. Hành động cải tiến</h2><table><tr><th>TT</th><th>Nội dung</th><th>Người chịu trách nhiệm</th><th>Thời hạn</th><th>Kết quả</th></tr>");
            foreach (var a in r.Actions)
                body.Append("<tr><td>").Append(a.No).Append("</td><td>").Append(e(a.Description)).Append("</td><td>").Append(e(Name(a.Owner))).Append("</td><td>")
                    .Append(a.Due.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append("</td><td>")
                    .Append(a.DoneOn is { } d ? $"Đã thực hiện ngày {d:dd/MM/yyyy}: {e(a.Evidence ?? "")}" : "Đang thực hiện").Append("</td></tr>");
            body.Append("</table>");
        }
        if (r.ResourceNeeds.Count > 0)
        {
            body.Append("<h2>IV. Nhu cầu nguồn lực</h2><ul>");
            foreach (var n in r.ResourceNeeds) body.Append("<li>").Append(e(n)).Append("</li>");
            body.Append("</ul>");
        }
        return CaseForms.Printed(null, "BIÊN BẢN HỌP XEM XÉT CỦA LÃNH ĐẠO", $"Biên bản họp xem xét của lãnh đạo {r.HeldOn:dd/MM/yyyy}", top, r.HeldOn, body.ToString(),
            ["THƯ KÝ", "CHỦ TRÌ"]);
    }
}

/// <summary>The request body of <c>POST /api/reviews</c>.</summary>
public sealed record HoldReviewRequest(DateOnly? From, DateOnly? To, DateOnly? HeldOn, string? Chair, IReadOnlyList<string>? Attendees, IReadOnlyList<string>? Decisions,
    IReadOnlyList<ReviewActionRequest>? Actions, IReadOnlyList<string>? ResourceNeeds);

public sealed record ReviewActionRequest(string? Description, string? Owner, DateOnly? Due);

public sealed record CompleteReviewActionRequest(string? Evidence, DateOnly? On);

public static class ManagementReviewEndpoints
{
    /// <summary>POST /api/reviews: record a management review once held (quality officers); its inputs are frozen in it.</summary>
    [Authorize(Policy = Policies.Quality)]
    [WolverinePost("/api/reviews")]
    public static async Task<Results<Created<ReviewAnswer>, ProblemHttpResult>> Post(HoldReviewRequest r, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        foreach (var (value, field) in new[] { (r.From, "from"), (r.To, "to"), (r.HeldOn, "held_on") })
            if (value is null) return Problems.Field(400, "Field required", $"'{field}' is required (YYYY-MM-DD)", field);
        if (string.IsNullOrWhiteSpace(r.Chair)) return Problems.Field(400, "Field required", "'chair' is required: who chaired the review", "chair");
        if ((r.Actions ?? []).FirstOrDefault(a => a.Due is null || string.IsNullOrWhiteSpace(a.Owner)) is not null)
            return Problems.Field(400, "Action incomplete", "each action needs 'description', 'owner' and 'due'", "actions");
        var me = Scope.Of(http);
        var hold = new HoldReview(r.From!.Value, r.To!.Value, r.HeldOn!.Value, r.Chair!, r.Attendees ?? [], r.Decisions ?? [],
            [.. (r.Actions ?? []).Select(a => (a.Description ?? "", a.Owner!, a.Due!.Value))], r.ResourceNeeds ?? []);
        return (await bus.SendCommandAsync<ReviewAnswer>(new HoldReviewCommand(hold, me.Person, me), ct)).ToCreated(a => $"/api/reviews/{a.Id}");
    }

    /// <summary>GET /api/reviews/{id}: the review as held, its frozen inputs (<c>inputs_json</c>, the review pack's JSON) and its actions.</summary>
    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/reviews/{id}")]
    public static async Task<Results<Ok<ManagementReviewView>, ProblemHttpResult>> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ManagementReviewView>(id, ct) is { } r ? TypedResults.Ok(r) : Problems.Of(404, "Unknown review", $"there is no management review {id}");

    /// <summary>POST /api/reviews/{id}/actions/{no}/complete: an action of the review done, with its evidence (quality officers).</summary>
    [Authorize(Policy = Policies.Quality)]
    [WolverinePost("/api/reviews/{id}/actions/{no}/complete")]
    public static async Task<Results<Ok<ReviewAnswer>, ProblemHttpResult>> Complete(Guid id, int no, CompleteReviewActionRequest r, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        var me = Scope.Of(http);
        return (await bus.SendCommandAsync<ReviewAnswer>(new CompleteReviewActionCommand(id, no, r.Evidence ?? "", r.On, me.Person, me), ct)).ToOk();
    }

    /// <summary>GET /api/reviews/{id}/minutes: the printable minutes, in Vietnamese (HTML).</summary>
    [Authorize(Policy = Policies.Oversight)]
    [WolverineGet("/api/reviews/{id}/minutes")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<string>(StatusCodes.Status200OK, "text/html")]
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Minutes(Guid id, IQuerySession session, OrgSnapshots orgs, CancellationToken ct) =>
        await session.LoadAsync<ManagementReviewView>(id, ct) is { } r
            ? TypedResults.Content(ManagementReviewReading.Minutes(r, await orgs.CurrentAsync(session, ct)), "text/html; charset=utf-8")
            : Problems.Of(404, "Unknown review", $"there is no management review {id}");
}
