using System.Globalization;
using IsoEdms.Domain.Audit;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IsoEdms.Cases;

/// <summary>The rows of the process-control slip (form 06): the receipt, a hand-over between steps, a return, a transfer.</summary>
public static class SlipKinds
{
    public const string Receipt = "receipt", Handover = "handover", Return = "return", Transfer = "transfer";
}

/// <summary>A row of the process-control slip (form 06): one handover, who gave and who received, and how the giver's step ran.</summary>
public sealed class SlipRow
{
    public string Kind { get; set; } = "";              // receipt | handover | return | transfer
    public string? FromStep { get; set; }
    public string? FromUnit { get; set; }
    public string? Giver { get; set; }
    public string ToStep { get; set; } = "";
    public string ToUnit { get; set; } = "";
    public string? Receiver { get; set; }
    public DateTimeOffset HandedAt { get; set; }
    public DateTimeOffset? TakenAt { get; set; }
    public DateTimeOffset? GiverDue { get; set; }
    public string? Classification { get; set; }
    public string? Note { get; set; }
}

public sealed record TimelineEntry(long Version, string Event, string? Step, string By, DateTimeOffset At, DateTimeOffset RecordedAt, string? Note);

/// <summary>Everything about one case a person acts on (inline: consistent with the command that changed it).</summary>
public sealed class CaseDetails
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Code { get; set; } = "";
    public string Procedure { get; set; } = "";
    public int ProcedureVersion { get; set; }
    public string ContentHash { get; set; } = "";
    public string Calendar { get; set; } = "";
    public int CalendarVersion { get; set; }
    public string ClassificationPolicy { get; set; } = "";
    public string SuspensionPolicy { get; set; } = "";
    public string TimeLimit { get; set; } = "";
    public string ReceivingUnit { get; set; } = "";
    public string LeadUnit { get; set; } = "";
    public Applicant Applicant { get; set; } = new("");
    public List<string> Components { get; set; } = [];
    public bool ReceivedInSystem { get; set; } = true;
    public string ReceivedBy { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public DateOnly ReceivedDate { get; set; }
    public DateTimeOffset ClockStart { get; set; }
    public DateTimeOffset Due { get; set; }
    public DateOnly DueDate { get; set; }
    public string Status { get; set; } = CaseStatuses.InProgress;
    public string? CurrentStep { get; set; }
    public string? CurrentUnit { get; set; }
    public string? CurrentRole { get; set; }
    public string? Assignee { get; set; }
    public DateTimeOffset? StepStartedAt { get; set; }
    public DateTimeOffset? StepDue { get; set; }
    public string? SuspensionReason { get; set; }
    public DateTimeOffset? SuspendedSince { get; set; }
    public List<string> SupplementItems { get; set; } = [];
    public int Suspensions { get; set; }
    public DateTimeOffset? ApologyAt { get; set; }
    public DateTimeOffset? NewAppointment { get; set; }
    public bool? ApologyLate { get; set; }
    public string? ApologyApprovedBy { get; set; }
    public int ApologyRepeatsRefused { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Classification { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? CloseReason { get; set; }
    public int ConformanceBreaches { get; set; }
    public bool StepOverdue { get; set; }
    public bool CaseOverdue { get; set; }
    public decimal? Rating { get; set; }
    public List<SlipRow> Slip { get; set; } = [];
    public List<TimelineEntry> Timeline { get; set; } = [];

    /// <summary>Who last completed <paramref name="step"/> on this case (the giver of its last handover), null when nobody did.</summary>
    public string? CompletedBy(string step) => Slip.LastOrDefault(r => r.Kind == SlipKinds.Handover && r.FromStep == step)?.Giver;

    /// <summary>The write model the decide functions read, kept with the case so that a command reads one document.</summary>
    public CaseState? State { get; set; }

    /// <summary>The seal of the case's last event: the next event's seal chains on it without reading the event back.</summary>
    public string? LastSeal { get; set; }

    /// <summary>
    /// The write model; for a case document stored before the document carried it (until <c>projections rebuild</c>
    /// has run once), folded from the case's events.
    /// </summary>
    public async Task<CaseState> WriteModelAsync(IQuerySession session, CancellationToken ct) =>
        State ?? CaseState.Fold((await session.Events.FetchStreamAsync(Id, token: ct)).Select(e => e.Data))!;

    /// <summary>Every unit the case passed through (receipt, lead, each handover): who may read it.</summary>
    public IEnumerable<string> UnitsTouched() =>
        new[] { ReceivingUnit, LeadUnit, CurrentUnit ?? "" }.Concat(Slip.Select(r => r.ToUnit)).Where(u => u.Length > 0).Distinct();
}

/// <summary>
/// Inline. Besides what people read, it keeps the case's write model (<see cref="CaseState"/>) and last seal, so the
/// aggregate handler workflow fetches one document for writing and the answer needs no second read.
/// </summary>
public sealed class CaseDetailsProjection : SingleStreamProjection<CaseDetails, Guid>
{
    /// <summary>The case document a stream's events give, folded in memory by <see cref="Evolve"/> as the inline projection folds them.</summary>
    public static CaseDetails? Fold(Guid id, IEnumerable<IEvent> events)
    {
        CaseDetails? doc = null;
        foreach (var e in events) doc = Folder.Evolve(doc, id, e);
        return doc;
    }

    /// <summary>
    /// The instance <see cref="Fold"/> calls: <see cref="Evolve"/> keeps nothing between calls, and building a projection
    /// makes Marten's base class look its methods up by reflection, which every receipt paid for (6 % of the app's
    /// allocations under the benchmark's receipts, with `dotnet-trace --profile gc-verbose`).
    /// </summary>
    private static readonly CaseDetailsProjection Folder = new();

    public override CaseDetails? Evolve(CaseDetails? snapshot, Guid id, IEvent e)
    {
        if (e.Data is CaseReceived)
        {
            snapshot = Received((IEvent<CaseReceived>)e);
            snapshot.State = CaseState.Create((CaseReceived)e.Data);
        }
        else if (snapshot is null) return null;
        else
        {
            switch (e)
            {
                case IEvent<StepStarted> x: On(x, snapshot); break;
                case IEvent<StepAssigned> x: On(x, snapshot); break;
                case IEvent<StepCompleted> x: On(x, snapshot); break;
                case IEvent<CaseReturned> x: On(x, snapshot); break;
                case IEvent<CaseTransferred> x: On(x, snapshot); break;
                case IEvent<CaseSuspended> x: On(x, snapshot); break;
                case IEvent<CaseResumed> x: On(x, snapshot); break;
                case IEvent<CaseDueMoved> x: On(x, snapshot); break;
                case IEvent<CaseCalendarFollowed> x: On(x, snapshot); break;
                case IEvent<PersonalDataErased> x: On(x, snapshot); break;
                case IEvent<ApologyIssued> x: On(x, snapshot); break;
                case IEvent<ApologyRepeatRefused> x: On(x, snapshot); break;
                case IEvent<CaseRefused> x: On(x, snapshot); break;
                case IEvent<CaseStopped> x: On(x, snapshot); break;
                case IEvent<CaseFinished> x: On(x, snapshot); break;
                case IEvent<CaseDelivered> x: On(x, snapshot); break;
                case IEvent<ConformanceBreachRecorded> x: On(x, snapshot); break;
                case IEvent<StepOverdue> x: On(x, snapshot); break;
                case IEvent<CaseOverdue> x: On(x, snapshot); break;
                case IEvent<CaseRated> x: On(x, snapshot); break;
            }
            snapshot.State = snapshot.State?.Apply(e.Data);
        }
        snapshot.Version = e.Version;
        if (snapshot.State is { } state && state.Version != e.Version) snapshot.State = state with { Version = (int)e.Version };
        snapshot.LastSeal = Audit.EventSealing.SealOf(e);
        return snapshot;
    }

    private static CaseDetails Received(IEvent<CaseReceived> @event)
    {
        var e = @event.Data;
        var d = new CaseDetails
        {
            Id = e.CaseId, Code = e.Code, Procedure = e.Procedure, ProcedureVersion = e.Version, ContentHash = e.ContentHash,
            Calendar = e.Calendar, CalendarVersion = e.CalendarVersion, ClassificationPolicy = e.ClassificationPolicy,
            SuspensionPolicy = e.SuspensionPolicy.ToString().ToLowerInvariant(), TimeLimit = e.TimeLimit,
            ReceivingUnit = e.ReceivingUnit, LeadUnit = e.LeadUnit, Applicant = e.Applicant, Components = [.. e.Components],
            ReceivedInSystem = e.ReceivedInSystem, ReceivedBy = e.By, ReceivedAt = e.ReceivedAt, ReceivedDate = e.ReceivedDate,
            ClockStart = e.ClockStart, Due = e.Due, DueDate = e.DueDate,
        };
        d.Slip.Add(new SlipRow { Kind = SlipKinds.Receipt, Giver = e.Applicant.Name, ToStep = "", ToUnit = e.ReceivingUnit, Receiver = e.By, HandedAt = e.At, TakenAt = e.At });
        Log(d, @event, null, e.ReceivedInSystem ? null : "received outside the central system");
        return d;
    }

    private static void On(IEvent<StepStarted> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.CurrentStep = e.Step; d.CurrentUnit = e.Unit; d.CurrentRole = e.Role; d.Assignee = e.Assignee;
        d.StepStartedAt = e.At; d.StepDue = e.Due; d.StepOverdue = false;
        var open = d.Slip.LastOrDefault();
        if (open is not null && open.ToStep.Length == 0) { open.ToStep = e.Step; open.ToUnit = e.Unit; }
        Log(d, @event, e.Step, $"{e.Role} @ {e.Unit}, due {e.Due:yyyy-MM-dd HH:mm}Z");
    }

    private static void On(IEvent<StepAssigned> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.Assignee = e.Assignee;
        TakeOver(d, e.Step, e.Assignee, e.At);
        Log(d, @event, e.Step, e.Claimed ? "claimed" : $"assigned to {e.Assignee}");
    }

    private static void On(IEvent<StepCompleted> @event, CaseDetails d)
    {
        var e = @event.Data;
        TakeOver(d, e.Step, e.By, e.StartedAt);
        d.Slip.Add(new SlipRow
        {
            Kind = SlipKinds.Handover, FromStep = e.Step, FromUnit = e.Unit, Giver = e.By, HandedAt = e.At, GiverDue = e.Due,
            Classification = e.Classification?.ToString() is { } c ? Snake(c) : null, Note = e.Outcome,
        });
        d.CurrentStep = null; d.Assignee = null; d.StepDue = null;
        Log(d, @event, e.Step, e.Outcome is null ? null : $"outcome {e.Outcome}");
    }

    private static void On(IEvent<CaseReturned> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.Slip.Add(new SlipRow { Kind = SlipKinds.Return, FromStep = e.FromStep, FromUnit = e.Unit, Giver = e.By, HandedAt = e.At, Note = e.Reason });
        Log(d, @event, e.FromStep, $"back to {e.ToStep}: {e.Reason}");
    }

    private static void On(IEvent<CaseTransferred> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.CurrentUnit = e.ToUnit; d.Assignee = null;
        d.Slip.Add(new SlipRow { Kind = SlipKinds.Transfer, FromStep = e.Step, FromUnit = e.FromUnit, Giver = e.By, ToStep = e.Step, ToUnit = e.ToUnit, HandedAt = e.At, Note = e.Reason });
        Log(d, @event, e.Step, $"{e.FromUnit} → {e.ToUnit}");
    }

    private static void On(IEvent<CaseSuspended> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.Status = CaseStatuses.Suspended; d.SuspensionReason = Snake(e.Reason.ToString()); d.SuspendedSince = e.At; d.SupplementItems = [.. e.Items];
        d.Suspensions++;
        Log(d, @event, e.Step, $"{d.SuspensionReason}: {string.Join("; ", e.Items)} {e.Note}".Trim());
    }

    private static void On(IEvent<CaseResumed> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.Status = CaseStatuses.InProgress; d.SuspensionReason = null; d.SuspendedSince = null; d.SupplementItems = [];
        d.ClockStart = e.ClockStart; d.Due = e.Due; d.DueDate = e.DueDate; d.StepDue = e.StepDue;
        Log(d, @event, e.Step, $"{e.Policy.ToString().ToLowerInvariant()}: due {e.PreviousDue:yyyy-MM-dd HH:mm}Z → {e.Due:yyyy-MM-dd HH:mm}Z");
    }

    private static void On(IEvent<PersonalDataErased> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.Applicant = Audit.PersonalDataErasure.ErasedApplicant;
        foreach (var row in d.Slip.Where(r => r.Kind == SlipKinds.Receipt)) row.Giver = PersonalData.ErasedText;
        Log(d, @event, null, $"personal data erased: {e.Reason}");
    }

    private static void On(IEvent<CaseCalendarFollowed> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.CalendarVersion = e.ToVersion; d.Due = e.Due; d.DueDate = e.DueDate;
        if (e.Step is not null && d.CurrentStep == e.Step && e.StepDue is { } stepDue) d.StepDue = stepDue;
        Log(d, @event, e.Step, e.Moved
            ? $"calendar {e.Calendar} v{e.FromVersion} → v{e.ToVersion}: due {e.PreviousDue:yyyy-MM-dd HH:mm}Z → {e.Due:yyyy-MM-dd HH:mm}Z"
              + (e.StepDue != e.PreviousStepDue ? $", step due {e.PreviousStepDue:yyyy-MM-dd HH:mm}Z → {e.StepDue:yyyy-MM-dd HH:mm}Z" : "")
            : $"calendar {e.Calendar} v{e.FromVersion} → v{e.ToVersion}: due instants unchanged");
    }

    private static void On(IEvent<CaseDueMoved> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.Due = e.Due; d.DueDate = e.DueDate;
        Log(d, @event, e.Step, $"{e.WorkingMinutesExcluded} working minutes not counted: due {e.PreviousDue:yyyy-MM-dd HH:mm}Z → {e.Due:yyyy-MM-dd HH:mm}Z");
    }

    private static void On(IEvent<ApologyIssued> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.ApologyAt = e.At; d.NewAppointment = e.NewAppointment; d.ApologyLate = e.Late; d.ApologyApprovedBy = e.ApprovedBy;
        Log(d, @event, null, $"{e.Reason}; new appointment {e.NewAppointment:yyyy-MM-dd HH:mm}Z{(e.Late ? " (late: after " + e.LatestTimelyDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")" : "")}");
    }

    private static void On(IEvent<ApologyRepeatRefused> @event, CaseDetails d)
    {
        d.ApologyRepeatsRefused++;
        Log(d, @event, null, @event.Data.Reason);
    }

    private static void On(IEvent<CaseRefused> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.Status = CaseStatuses.Refused; d.ClosedAt = e.At; d.CloseReason = e.Reason; d.CurrentStep = null; d.StepDue = null; d.Assignee = null;
        Log(d, @event, e.Step, e.Reason);
    }

    private static void On(IEvent<CaseStopped> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.Status = CaseStatuses.Stopped; d.ClosedAt = e.At; d.CloseReason = e.Reason; d.CurrentStep = null; d.StepDue = null; d.Assignee = null;
        Log(d, @event, e.Step, e.Reason);
    }

    private static void On(IEvent<CaseFinished> @event, CaseDetails d)
    {
        var e = @event.Data;
        d.Status = CaseStatuses.Finished; d.FinishedAt = e.At; d.Classification = Classifications.Of(e.Classification);
        Log(d, @event, null, $"{d.Classification} (due {e.DueDate:yyyy-MM-dd}, policy {e.ClassificationPolicy})");
    }

    private static void On(IEvent<CaseDelivered> @event, CaseDetails d)
    {
        d.Status = CaseStatuses.Delivered; d.DeliveredAt = @event.Data.At; d.ClosedAt = @event.Data.At; d.CurrentStep = null; d.StepDue = null; d.Assignee = null;
        Log(d, @event, null, null);
    }

    private static void On(IEvent<ConformanceBreachRecorded> @event, CaseDetails d)
    {
        d.ConformanceBreaches++;
        Log(d, @event, null, $"{@event.Data.Rule}: {@event.Data.Detail}");
    }

    private static void On(IEvent<StepOverdue> @event, CaseDetails d)
    {
        d.StepOverdue = true;
        Log(d, @event, @event.Data.Step, $"overdue since {@event.Data.Due:yyyy-MM-dd HH:mm}Z");
    }

    private static void On(IEvent<CaseOverdue> @event, CaseDetails d)
    {
        d.CaseOverdue = true;
        Log(d, @event, null, $"overdue since {@event.Data.DueDate:yyyy-MM-dd}{(@event.Data.ApologyOnTime ? "; apology in time" : "; no timely apology")}");
    }

    private static void On(IEvent<CaseRated> @event, CaseDetails d)
    {
        d.Rating = @event.Data.Average;
        Log(d, @event, null, $"{@event.Data.Average:0.##}/{@event.Data.ScaleMax} ({@event.Data.Template} v{@event.Data.TemplateVersion})");
    }

    private static void TakeOver(CaseDetails d, string step, string person, DateTimeOffset at)
    {
        var row = d.Slip.LastOrDefault(r => r.ToStep == step && r.Receiver is null);
        if (row is null) return;
        row.Receiver = person;
        row.TakenAt = at;
    }

    private static void Log(CaseDetails d, IEvent e, string? step, string? note) =>
        d.Timeline.Add(new TimelineEntry(e.Version, e.EventTypeName, step, Who(e), At(e), Microseconds(e.Timestamp), note));

    /// <summary>The store keeps microseconds: the inline value and a rebuilt one must be the same.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    private static string Who(IEvent e) => (e.Data as ICaseEvent)?.By ?? e.UserName ?? "";

    private static DateTimeOffset At(IEvent e) => (e.Data as ICaseEvent)?.At ?? e.Timestamp;

    public static string Snake(string pascal) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);
}

public static class CaseDetailsEndpoint
{
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/cases/{id}")]
    public static async Task<Results<Ok<CaseDetails>, ProblemHttpResult>> Get(Guid id, HttpContext http, IQuerySession session, ILogger<CaseDetails> log, CancellationToken ct)
    {
        if (await session.LoadAsync<CaseDetails>(id, ct) is not { } d) return Problems.Of(404, "Unknown case", $"there is no case {id}");
        if (!Scope.Of(http).MayReadCase(d.UnitsTouched())) return Scope.Forbidden($"case {d.Code} never passed through one of your units");
        PersonalDataReads.Log(log, Scope.Of(http).Person, d);
        return TypedResults.Ok(d);
    }
}

/// <summary>Reading an applicant's personal data is itself logged (Decree 13/2023/NĐ-CP): who read whose, the case and when (the log's time).</summary>
public static class PersonalDataReads
{
    public static void Log(ILogger log, string reader, CaseDetails d)
    {
        if (d.Applicant.Name != Domain.Audit.PersonalData.ErasedText)
            log.LogInformation("personal data read: {Reader} read the applicant's data of case {Code} ({CaseId})", reader, d.Code, d.Id);
    }
}
