using IsoEdms.Procedures;
using IsoEdms.Calendars;
using IsoEdms.Domain.Access;
using IsoEdms.Domain.Procedures;
using IsoEdms.Organisation;
using JasperFx;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace IsoEdms.Cases.Receiving;

/// <summary>Receive a dossier at a unit's desk (form 01). <c>idempotency_key</c> (or the Idempotency-Key header): a retry returns the same case.</summary>
public sealed record ReceiveCaseRequest(
    string? Procedure, string? ReceivingUnit, string? LeadUnit, Applicant? Applicant, IReadOnlyList<string>? Components, string? IdempotencyKey);

/// <summary>The receipt as it travels on the bus: checked for shape, sent by a signed-in person.</summary>
public sealed record ReceiveDossier(string Procedure, string ReceivingUnit, string? LeadUnit, Applicant Applicant, IReadOnlyList<string> Components,
    string IdempotencyKey, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Staff;
    public string KeyId => $"{ReceivingUnit}/{IdempotencyKey}";
}

public static class ReceiveCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases")]
    public static async Task<Results<Created<CaseCommandResult>, Ok<CaseCommandResult>, ProblemHttpResult>> Post(ReceiveCaseRequest request, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct)
    {
        var key = request.IdempotencyKey ?? http.Request.Headers["Idempotency-Key"].ToString();
        var answer = await ReceiveDossierHandler.SendAsync(bus, session, Scope.Of(http), request with { IdempotencyKey = key }, ct);
        return answer.ToCreatedOrOk(v => $"/api/cases/{v.Id}");
    }
}

public static class ReceiveDossierHandler
{
    /// <summary>Checks the request's shape (400 naming the field) and sends it; the page and the API both come here.</summary>
    public static async Task<Outcome<CaseCommandResult>> SendAsync(IMessageBus bus, IQuerySession session, Principal principal, ReceiveCaseRequest request, CancellationToken ct)
    {
        if (Shape(request) is { } bad) return bad;
        var answer = await bus.SendCommandAsync<CaseCommandResult>(new ReceiveDossier(request.Procedure!, request.ReceivingUnit!, request.LeadUnit, request.Applicant!,
            request.Components ?? [], request.IdempotencyKey!, principal.Person, principal), ct);
        // the answer shows the new case's details (form 01 prints them): the committed events folded by the inline
        // projection's own code give the document the commit stored, so no read; a read where the events are not at hand
        if (answer.Value is not { Case: null } created) return answer;
        var details = created.Started is { Count: > 0 } started ? CaseDetailsProjection.Fold(created.Id, started) : await session.LoadAsync<CaseDetails>(created.Id, ct);
        return answer with { Value = created with { Case = details, Started = null } };
    }

    private static Refusal? Shape(ReceiveCaseRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.IdempotencyKey)) return new(400, "Idempotency key required", "send 'idempotency_key' (or the Idempotency-Key header), the same on every retry of this receipt", "idempotency_key");
        if (string.IsNullOrWhiteSpace(r.Procedure)) return new(400, "Procedure required", "'procedure' must name a published procedure", "procedure");
        if (string.IsNullOrWhiteSpace(r.ReceivingUnit)) return new(400, "Receiving unit required", "'receiving_unit' must name the unit whose desk receives the dossier", "receiving_unit");
        if (r.Applicant is null) return new(400, "Applicant required", "'applicant' must give at least the applicant's name", "applicant.name");
        var tooLong = TooLong(r.IdempotencyKey, 200, "idempotency_key") ?? TooLong(r.Procedure, 100, "procedure") ?? TooLong(r.ReceivingUnit, 100, "receiving_unit")
            ?? TooLong(r.LeadUnit, 100, "lead_unit") ?? TooLong(r.Applicant.Name, 300, "applicant.name") ?? TooLong(r.Applicant.IdNumber, 50, "applicant.id_number")
            ?? TooLong(r.Applicant.Phone, 50, "applicant.phone") ?? TooLong(r.Applicant.Address, 500, "applicant.address")
            ?? TooLong(r.Applicant.Email, 254, "applicant.email");
        if (tooLong is not null) return tooLong;
        if (r.Applicant.Email is { Length: > 0 } email && !Domain.Notifications.Contacts.IsEmail(email))
            return new(400, "E-mail", $"'applicant.email' is not an e-mail address: '{email}'", "applicant.email");
        if (r.Applicant.Phone is { Length: > 0 } phone && !Domain.Notifications.Contacts.IsPhone(phone))
            return new(400, "Phone", $"'applicant.phone' is not a phone number (9 to 15 digits, an optional leading +): '{phone}'", "applicant.phone");
        if (r.Components is { } components && (components.Count > 100 || components.Any(c => c is null || c.Length > 500)))
            return new(400, "Components", "at most 100 components of at most 500 characters each", "components");
        return null;
    }

    private static Refusal? TooLong(string? value, int max, string field) =>
        value is { Length: var n } && n > max ? Refusal.Of(400, "Too long", Domain.Say.It("field_too_long", $"'{field:code}' has {n:number} characters; at most {max:number}"), field) : null;

    /// <summary>A receipt whose stream or idempotency key another desk created first is tried again from the start (a new number).</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException(ex => CommandBus.IsLostRace(ex)).RetryTimes(3);

    public static async Task<Outcome<CaseCommandResult>> Handle(ReceiveDossier command, IDocumentSession session, PublishedDocuments docs, OrgSnapshots orgs,
        Notifications.Outgoing outgoing, IMessageContext bus, TimeProvider clock, CancellationToken ct)
    {
        // one round trip: the idempotency key, the procedure's catalogue entry, the calendars and the organisation's stamp
        var batch = session.CreateBatchQuery();
        var seenTask = batch.Load<ReceiptKey>(command.KeyId);
        var entryTask = batch.Load<ProcedureCatalogEntry>(ProcedureHistory.StreamIdFor(command.Procedure));
        var calendarsTask = batch.Query<CalendarCatalogEntry>().ToList();
        var stampTask = batch.Load<OrgStamp>(OrgStamp.Key);
        await batch.Execute(ct);
        if (await seenTask is { } seen) return await Existing(session, seen.CaseId, ct);

        var now = clock.GetUtcNow();
        if (await entryTask is not { } entry) return Refusal.Of(422, "Unknown procedure", Domain.Say.It("procedure_unpublished", $"procedure '{command.Procedure:code}' is not published"), "procedure");
        var calendars = (await calendarsTask).ToDictionary(c => c.Calendar);
        var latest = await docs.ProcedureAsync(session, entry.Code, entry.LatestVersion, ct);
        var calendarId = latest!.Definition.Calendar;
        if (!calendars.TryGetValue(calendarId, out var cal)) return Refusal.Of(422, "No calendar", Domain.Say.It("calendar_unpublished", $"calendar '{calendarId:code}' is not published"), "procedure");
        var calendar = (await docs.CalendarAsync(session, cal.Calendar, cal.Version, ct))!;
        var today = calendar.LocalDate(now);
        var inForce = entry.Versions.Where(v => !v.Retired && v.EffectiveFrom <= today).MaxBy(v => v.Version);
        if (inForce is null)
            return Refusal.Of(422, "No version in force", Domain.Say.It("procedure_not_in_force", $"no version of '{command.Procedure:code}' is in force on {today:date} (published versions may be retired or not yet effective)"), "procedure");
        var pinned = (await docs.ProcedureAsync(session, entry.Code, inForce.Version, ct))!;
        if (pinned.Definition.Calendar != calendarId && calendars.TryGetValue(pinned.Definition.Calendar, out var other))
            calendar = await docs.CalendarAsync(session, other.Calendar, other.Version, ct) ?? calendar;

        var ctx = new CaseContext(pinned.Definition, pinned.ContentHash, calendar, await orgs.ForStampAsync(session, await stampTask, ct));
        var receipt = new ReceiveCase("", command.ReceivingUnit, command.LeadUnit, command.Applicant, command.Components,
            PersonalSalt: Audit.PersonalDataErasure.NewSalt());
        // decide first, so a refused receipt takes no number; then take the number and decide with it
        var trial = CaseDecider.Receive(Guid.Empty, receipt, ctx, command.By, now);
        if (!trial.Ok) return CaseRefusals.From(trial.Error!);
        var prefix = ctx.Org.Unit(command.ReceivingUnit)!.DossierPrefix;   // the decider refused an unknown unit
        var number = await DossierNumbers.NextAsync(session.Database, Infrastructure.MartenSetup.Schema, command.ReceivingUnit, prefix, today.Year, ct);
        var code = DossierCodes.Format(prefix, today.Year, number);
        var id = CaseEvents.CaseIdFor(command.ReceivingUnit, code);
        var result = CaseDecider.Receive(id, receipt with { Code = code }, ctx, command.By, now);
        if (!result.Ok) return CaseRefusals.From(result.Error!);

        session.LastModifiedBy = command.By;
        session.Insert(new ReceiptKey { Id = command.KeyId, CaseId = id });
        var started = session.Events.StartStream<CaseDetails>(id, result.Events.ToArray());
        Audit.EventSealing.Seal(started.Events, id, 0, null, command.By);
        var state = CaseState.Fold(result.Events)!;
        if (outgoing.On)
            await outgoing.QueueAsync(session, bus, new Notifications.NoticeCase(id, code, state.Version, command.Applicant, ctx.Definition, ctx.Calendar),
                Domain.Notifications.Notices.For(result.Events), ctx.Org, _ => null, now);
        return Outcome<CaseCommandResult>.Done(new CaseCommandResult(id, code, state.Version, CaseStatuses.Of(state.Status),
            result.Events.Select(CaseEvents.Name).ToList(), null) { Started = started.Events }, 201);
    }

    private static async Task<Outcome<CaseCommandResult>> Existing(IQuerySession session, Guid id, CancellationToken ct)
    {
        var details = await session.LoadAsync<CaseDetails>(id, ct);
        return Outcome<CaseCommandResult>.Done(new CaseCommandResult(id, details!.Code, details.Version, details.Status, [], details));
    }
}
