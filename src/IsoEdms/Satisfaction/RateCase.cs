using IsoEdms.Access;
using Microsoft.AspNetCore.Authorization;
using IsoEdms.Cases;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Timeliness;
using IsoEdms.Procedures;
using IsoEdms.Quality;
using JasperFx;
using Marten;
using Wolverine.Http;

namespace IsoEdms.Satisfaction;

/// <summary>The applicant rates a case once, by its dossier code, against a survey template version.</summary>
public sealed record RateCase(string? Code, string? ReceivingUnit, string? Template, int? Version, Dictionary<string, int>? Scores, string? Comment);

public sealed record SatisfactionRow(string Unit, string Month, int Ratings, decimal Average, int Low);

public static class RateCaseEndpoint
{
    public const string Citizen = "citizen";

    [AllowAnonymous]
    [WolverinePost("/api/ratings")]
    public static async Task<IResult> Post(RateCase command, IDocumentSession session, TimeProvider clock, PublishedDocuments docs, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(command.Code)) return Problems.Field(400, "Dossier code required", "'code' is the dossier code on the receipt", "code");
        if (string.IsNullOrWhiteSpace(command.Template)) return Problems.Field(400, "Survey required", "'template' names the survey, e.g. hai-long-tthc", "template");
        var matches = await session.Query<CaseDetails>()
            .Where(x => x.Code == command.Code && (command.ReceivingUnit == null || x.ReceivingUnit == command.ReceivingUnit)).ToListAsync(ct);
        if (matches.Count == 0) return Results.Problem(statusCode: 404, title: "Unknown dossier", detail: $"no dossier has the code {command.Code}");
        if (matches.Count > 1) return Problems.Field(409, "Ambiguous code", $"{matches.Count} units use the code {command.Code}: give 'receiving_unit'", "receiving_unit");
        var template = await Surveys.LoadAsync(session, command.Template, command.Version, ct);
        if (template is null) return Problems.Field(422, "Unknown survey", $"survey '{command.Template}'{(command.Version is { } v ? $" v{v}" : "")} is not published", "template");

        var id = matches[0].Id;
        var state = (await CaseWriting.LoadStateAsync(session, id, ct))!;
        var pinned = (await docs.ProcedureAsync(session, state.Procedure, state.ProcedureVersion, ct))!;
        var calendar = (await docs.CalendarAsync(session, state.Calendar, state.CalendarVersion, ct))!;
        var ctx = new CaseContext(pinned.Definition, pinned.ContentHash, calendar, new Domain.Organisation.OrgSnapshot([], []));
        var result = CaseDecider.Rate(state, template.Code, template.Version, command.Scores ?? [], template.Criteria.Select(c => c.Id).ToList(),
            template.Scale, template.Threshold, command.Comment, ctx, Citizen, clock.GetUtcNow());
        if (!result.Ok) return Problems.From(result.Error!, state);
        session.LastModifiedBy = Citizen;
        session.Events.Append(id, state.Version + result.Events.Count, result.Events.ToArray());
        await NonconformityRaising.RaiseAsync(session, state, result.Events, streamsAreNew: false, ct);
        try { await session.SaveChangesAsync(ct); }
        catch (ConcurrencyException) { session.EjectAllPendingChanges(); return Problems.Conflict(state, "the case changed at the same moment; send the rating again"); }
        var rated = (CaseRated)result.Events[0];
        return Results.Ok(new { case_id = id, code = state.Code, average = rated.Average, low = rated.Low });
    }

    /// <summary>Satisfaction per lead unit and month of rating (from the statistics facts).</summary>
    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/reports/satisfaction")]
    public static async Task<IReadOnlyList<SatisfactionRow>> Report(DateOnly? from, DateOnly? to, IQuerySession session, CancellationToken ct)
    {
        var facts = await session.Query<CaseFact>().Where(x => x.RatedDate != null).ToListAsync(ct);
        return facts.Where(f => (from is null || f.RatedDate >= from) && (to is null || f.RatedDate <= to))
            .GroupBy(f => (f.LeadUnit, Month: f.RatedDate!.Value.ToString("yyyy-MM")))
            .OrderBy(g => g.Key.LeadUnit, StringComparer.Ordinal).ThenBy(g => g.Key.Month, StringComparer.Ordinal)
            .Select(g => new SatisfactionRow(g.Key.LeadUnit, g.Key.Month, g.Count(), Math.Round(g.Average(f => f.Rating!.Value), 2), g.Count(f => f.RatingLow)))
            .ToList();
    }
}
