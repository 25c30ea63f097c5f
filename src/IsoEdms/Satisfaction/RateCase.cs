using System.Globalization;
using IsoEdms.Cases;
using IsoEdms.Procedures;
using IsoEdms.Quality;
using JasperFx.Events;
using Wolverine.Marten;

namespace IsoEdms.Satisfaction;

/// <summary>
/// The applicant rates a case once, by its dossier code and the secret printed on its receipt (form 01), against a survey
/// template version.
/// </summary>
public sealed record RateCase(string? Code, string? ReceivingUnit, string? Template, int? Version, Dictionary<string, int>? Scores, string? Comment,
    string? Secret = null);

public sealed record SatisfactionRow(string Unit, string Month, int Ratings, decimal Average, int Low);

public static class RateCaseEndpoint
{
    public const string Citizen = "citizen";

    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Infrastructure.PublicRequests.Policy)]
    [WolverinePost("/api/ratings")]
    public static async Task<Results<Ok<RatingResult>, ProblemHttpResult>> Post(RateCase command, IQuerySession session, IMessageBus bus, RatingSecrets secrets, CancellationToken ct) =>
        (await Ratings.SendAsync(command, session, bus, secrets, ct)).ToOk();

    /// <summary>Satisfaction per lead unit and month of rating, counted from the statistics rows (one index range).</summary>
    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/reports/satisfaction")]
    public static Task<IReadOnlyList<SatisfactionRow>> Report(DateOnly? from, DateOnly? to, IQuerySession session, CancellationToken ct) =>
        SatisfactionReport.RunAsync(session, from, to, ct);
}

/// <summary>The satisfaction report, for the endpoint, the dashboard, the objectives and the review pack alike.</summary>
public static class SatisfactionReport
{
    public static async Task<IReadOnlyList<SatisfactionRow>> RunAsync(IQuerySession session, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        await Monitoring.TimelinessTables.EnsureAsync(session, ct);
        var s = session.DocumentStore.Options.DatabaseSchemaName;
        return await session.AdvancedSql.QueryAsync<SatisfactionRow>($"""
            SELECT jsonb_build_object('unit', lead_unit, 'month', month, 'ratings', ratings, 'average', average, 'low', low) FROM (
                SELECT lead_unit, to_char(rated, 'YYYY-MM') AS month, count(*) AS ratings, round(avg(rating), 2) AS average,
                       count(*) FILTER (WHERE rating_low) AS low
                FROM {s}.timeliness_case
                WHERE rated IS NOT NULL AND rated >= coalesce(?::date, '-infinity') AND rated <= coalesce(?::date, 'infinity')
                GROUP BY 1, 2) r
            ORDER BY lead_unit COLLATE "C", month
            """, ct, (object?)from ?? DBNull.Value, (object?)to ?? DBNull.Value);
    }
}

public static class Ratings
{
    /// <summary>Finds the dossier by its code and sends the rating; the citizen's page and the API both come here.</summary>
    public static async Task<Outcome<RatingResult>> SendAsync(RateCase command, IQuerySession session, IMessageBus bus, RatingSecrets secrets, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(command.Code)) return Refusal.Of(400, "Dossier code required", Domain.Say.It("rating_code_missing", $"'code' is the dossier code on the receipt"), "code");
        if (string.IsNullOrWhiteSpace(command.Template)) return Refusal.Of(400, "Survey required", Domain.Say.It("survey_required", $"'template' names the survey, e.g. hai-long-tthc"), "template");
        // the dossier code is sequential: only the holder of the receipt, which carries the case's secret, may rate it
        if (string.IsNullOrWhiteSpace(command.Secret))
            return Refusal.Of(400, "Rating secret required", Domain.Say.It("rating_secret_missing", $"'secret' is the rating code printed on the receipt (form 01)"), "secret");
        var matches = await session.Query<CaseDetails>()
            .Where(x => x.Code == command.Code && (command.ReceivingUnit == null || x.ReceivingUnit == command.ReceivingUnit)).Select(x => x.Id).Take(2).ToListAsync(ct);
        if (matches.Count == 0) return Refusal.Of(404, "Unknown dossier", Domain.Say.It("unknown_dossier_code", $"no dossier has the code {command.Code:code}"));
        if (matches.Count > 1) return Refusal.Of(409, "Ambiguous code", Domain.Say.It("code_ambiguous", $"several units use the code {command.Code:code}: give 'receiving_unit'"), "receiving_unit");
        if (!await secrets.MatchesAsync(session, matches[0], command.Secret, ct))
            return Refusal.Of(403, "Wrong rating secret", Domain.Say.It("wrong_rating_secret", $"the rating code does not belong to dossier {command.Code:code}: copy it from the receipt (form 01)"), "secret");
        return await bus.SendCommandAsync<RatingResult>(new RateDossier(matches[0], command.Template, command.Version, command.Scores ?? [], command.Comment), ct);
    }
}

public sealed record RatingResult(Guid CaseId, string Code, decimal Average, bool Low);

/// <summary>A citizen's rating of one case, as it travels on the bus.</summary>
public sealed record RateDossier([property: JasperFx.Identity] Guid CaseId, string Template, int? TemplateVersion, Dictionary<string, int> Scores, string? Comment);

public static class RateDossierHandler
{
    public static async Task<Outcome<RatingResult>> Handle(RateDossier command, [WriteAggregate] IEventStream<CaseDetails> stream, IDocumentSession session,
        CaseContexts contexts, TimeProvider clock, CancellationToken ct)
    {
        var details = stream.Aggregate!;
        var state = await details.WriteModelAsync(session, ct);
        var template = await Surveys.LoadAsync(session, command.Template, command.TemplateVersion, ct);
        if (template is null)
            return Refusal.Of(422, "Unknown survey", Domain.Say.It("survey_unpublished", $"survey '{command.Template + (command.TemplateVersion is { } v ? $" v{v}" : ""):code}' is not published"), "template");
        var ctx = await contexts.ForCaseAsync(session, state, ct);
        var result = CaseDecider.Rate(state, template.Code, template.Version, command.Scores, template.Criteria.Select(c => c.Id).ToList(),
            template.Scale, template.Threshold, command.Comment, ctx, RateCaseEndpoint.Citizen, clock.GetUtcNow());
        if (!result.Ok) return CaseRefusals.From(result.Error!, state);
        await CaseAppends.AppendAsync(session, stream, details, state, result.Events, RateCaseEndpoint.Citizen, ct);
        var rated = (CaseRated)result.Events[0];
        return Outcome<RatingResult>.Done(new RatingResult(state.Id, state.Code, rated.Average, rated.Low));
    }
}
