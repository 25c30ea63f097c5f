using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Procedures;
using IsoEdms.Infrastructure;
using IsoEdms.Organisation;
using IsoEdms.Procedures;
using JasperFx;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Cases.Receiving;

/// <summary>Receive a dossier at a unit's desk (form 01). <c>idempotency_key</c> (or the Idempotency-Key header): a retry returns the same case.</summary>
public sealed record ReceiveCaseRequest(
    string? Procedure, string? ReceivingUnit, string? LeadUnit, Applicant? Applicant, IReadOnlyList<string>? Components, string? IdempotencyKey);

public static class ReceiveCaseEndpoint
{
    [Authorize(Policy = Policies.Staff)]
    [WolverinePost("/api/cases")]
    public static async Task<IResult> Post(ReceiveCaseRequest request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var by = Actor.From(http);
        if (by is null) return Problems.Unauthenticated();
        var key = request.IdempotencyKey ?? http.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrWhiteSpace(key)) return Problems.Field(400, "Idempotency key required", "send 'idempotency_key' (or the Idempotency-Key header), the same on every retry of this receipt", "idempotency_key");
        if (string.IsNullOrWhiteSpace(request.Procedure)) return Problems.Field(400, "Procedure required", "'procedure' must name a published procedure", "procedure");
        if (string.IsNullOrWhiteSpace(request.ReceivingUnit)) return Problems.Field(400, "Receiving unit required", "'receiving_unit' must name the unit whose desk receives the dossier", "receiving_unit");
        if (request.Applicant is null) return Problems.Field(400, "Applicant required", "'applicant' must give at least the applicant's name", "applicant.name");

        if ((TooLong(key, 200, "idempotency_key") ?? TooLong(request.Procedure, 100, "procedure") ?? TooLong(request.ReceivingUnit, 100, "receiving_unit")
            ?? TooLong(request.LeadUnit, 100, "lead_unit") ?? TooLong(request.Applicant.Name, 300, "applicant.name") ?? TooLong(request.Applicant.IdNumber, 50, "applicant.id_number")
            ?? TooLong(request.Applicant.Phone, 50, "applicant.phone") ?? TooLong(request.Applicant.Address, 500, "applicant.address")) is { } tooLong) return tooLong;
        if (request.Components is { } components && (components.Count > 100 || components.Any(c => c is null || c.Length > 500)))
            return Problems.Field(400, "Components", "at most 100 components of at most 500 characters each", "components");
        var keyId = $"{request.ReceivingUnit}/{key}";
        if (await session.LoadAsync<ReceiptKey>(keyId, ct) is { } seen) return await Existing(session, seen.CaseId, ct);

        var now = clock.GetUtcNow();
        var history = await Publishing.LoadHistoryAsync(session, request.Procedure, ct);
        if (history is null) return Problems.Field(422, "Unknown procedure", $"procedure '{request.Procedure}' is not published", "procedure");
        var calendarId = history.Versions.Values.MaxBy(v => v.Version)!.Definition.Calendar;
        var calendar = await Publishing.LoadCalendarAsync(session, calendarId, ct);
        if (calendar is null) return Problems.Field(422, "No calendar", $"calendar '{calendarId}' is not published", "procedure");
        var today = calendar.LocalDate(now);
        var pinned = history.CurrentOn(today);
        if (pinned is null) return Problems.Field(422, "No version in force", $"no version of '{request.Procedure}' is in force on {today:yyyy-MM-dd} (published versions may be retired or not yet effective)", "procedure");
        if (pinned.Definition.Calendar != calendarId)
            calendar = await Publishing.LoadCalendarAsync(session, pinned.Definition.Calendar, ct) ?? calendar;

        var org = await OrgLoad.SnapshotFor(session, [by], ct);
        for (var attempt = 1; ; attempt++)
        {
            var counterId = $"{request.ReceivingUnit}/{today.Year}";
            var counter = await session.LoadAsync<DossierCounter>(counterId, ct);
            var isNew = counter is null;
            counter ??= new DossierCounter { Id = counterId };
            string code;
            Guid id;
            do
            {   // an imported dossier may already hold a number: skip it
                counter.Last++;
                code = DossierCodes.Format(request.ReceivingUnit, today.Year, counter.Last);
                id = CaseWriting.CaseIdFor(request.ReceivingUnit, code);
            } while (await session.Events.FetchStreamStateAsync(id, ct) is not null);

            var command = new ReceiveCase(code, request.ReceivingUnit, request.LeadUnit, request.Applicant, request.Components ?? []);
            var result = CaseDecider.Receive(id, command, new CaseContext(pinned.Definition, pinned.ContentHash, calendar, org), by, now);
            if (!result.Ok) return Problems.From(result.Error!);

            session.LastModifiedBy = by;
            if (isNew) session.Insert(counter); else session.Store(counter);
            session.Insert(new ReceiptKey { Id = keyId, CaseId = id });
            session.Events.StartStream<CaseDetails>(id, result.Events.ToArray());
            try
            {
                await session.SaveChangesAsync(ct);
                var details = await session.LoadAsync<CaseDetails>(id, ct);
                return Results.Created($"/api/cases/{id}", new CaseCommandResult(id, code, result.Events.Count, details!.Status, result.Events.Select(CaseWriting.EventName).ToList(), details));
            }
            catch (Exception ex) when (ex is ConcurrencyException or DocumentAlreadyExistsException or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException && attempt < 5)
            {
                session.EjectAllPendingChanges();
                session.Eject(counter);
                if (await session.LoadAsync<ReceiptKey>(keyId, ct) is { } raced) return await Existing(session, raced.CaseId, ct);
            }
        }
    }

    private static IResult? TooLong(string? value, int max, string field) =>
        value is { Length: var n } && n > max ? Problems.Field(400, "Too long", $"'{field}' has {n} characters; at most {max}", field) : null;

    private static async Task<IResult> Existing(IQuerySession session, Guid id, CancellationToken ct)
    {
        var details = await session.LoadAsync<CaseDetails>(id, ct);
        return Results.Ok(new CaseCommandResult(id, details!.Code, details.Version, details.Status, [], details));
    }
}
