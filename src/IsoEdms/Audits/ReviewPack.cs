using IsoEdms.Domain.Timeliness;
using IsoEdms.Monitoring;
using IsoEdms.Quality;
using IsoEdms.Satisfaction;

namespace IsoEdms.Audits;

/// <summary>The organisation's timeliness over the period: the sums of the timeliness report by unit.</summary>
/// <summary>An opportunity for improvement (9.3.2 f): from the risk register or found by an audit of the period.</summary>
public sealed record ImprovementProposal(string Source, string Reference, string Text, string? Unit, string? Procedure);

/// <summary>Risks and opportunities (9.3.2 e): the register with its actions and reviews, and the proposals of the data.</summary>
public sealed record ReviewRisks(IReadOnlyList<Risks.RiskView> Register, IReadOnlyList<Domain.Risks.RiskProposal> Proposals);

public sealed record ReviewTimeliness(int Received, int Finished, int Early, int OnTime, int Late, int Refused, int Stopped, int InProgress, int OverdueInProgress);

/// <summary>
/// The inputs of a management review (ISO 9001:2015, 9.3.2) for a period, assembled from the projections: the same
/// reports the API and the command line give for the period. Keys in the order of the standard's list.
/// </summary>
public static class ReviewPack
{
    public static async Task<Dictionary<string, object>> AssembleAsync(IQuerySession session, DateOnly from, DateOnly to, DateOnly today, CancellationToken ct)
    {
        var byUnit = await TimelinessReporting.RunAsync(session, ReportBy.Unit, ReportLevel.Case, from, to, today, ct);
        var rows = byUnit.Rows;
        var timeliness = new ReviewTimeliness(rows.Sum(r => r.Received), rows.Sum(r => r.Finished), rows.Sum(r => r.Early), rows.Sum(r => r.OnTime),
            rows.Sum(r => r.Late), rows.Sum(r => r.Refused), rows.Sum(r => r.Stopped), rows.Sum(r => r.InProgress), rows.Sum(r => r.OverdueInProgress));
        var audits = await session.Query<AuditView>().Where(a => a.From <= to && a.To >= from).OrderBy(a => a.From).ToListAsync(ct);
        return new Dictionary<string, object>
        {
            // the actions of the reviews held by the period's end, with their status then (or today, if sooner)
            ["previous_actions"] = await ManagementReviewReading.PreviousActionsAsync(session, to < today ? to : today, ct),
            ["timeliness"] = timeliness,
            ["satisfaction"] = await SatisfactionReport.RunAsync(session, from, to, ct),
            // each objective whose period meets the review's, measured as of the review period's end (or today, if sooner)
            ["objectives"] = await Objectives.ObjectiveMeasurement.ListAsync(session, to < today ? to : today, from, to, ct),
            ["nonconformities"] = await QualityReports.NonconformitiesAsync(session, "unit", from, to, ct),
            ["corrective_actions"] = await QualityReports.CorrectiveActionsAsync(session, ct),
            ["audits"] = audits,
            // the register as it stands, and what the data of the period's last three months proposes
            ["risks"] = new ReviewRisks(await Risks.RiskReading.RegisterAsync(session, ct), await Risks.RiskReading.ProposeAsync(session, (to < today ? to : today).AddDays(1), ct)),
            // opportunities for improvement: those of the register, and those the period's audits found
            ["improvements"] = (await session.Query<Risks.RiskView>().Where(r => r.Kind == Domain.Risks.RiskKinds.Opportunity).ToListAsync(ct))
                .Select(r => new ImprovementProposal("risk_register", r.Code, r.Title, r.Unit, r.Procedure))
                .Concat(audits.SelectMany(a => a.Findings.Where(f => f.Kind == Domain.Audits.FindingKinds.Opportunity)
                    .Select(f => new ImprovementProposal("audit", $"{a.Id}#{f.No}", f.Text, a.Unit, f.Procedure))))
                .ToList(),
        };
    }
}
