using System.Text.RegularExpressions;
using IsoEdms.Domain.Documents;

namespace IsoEdms.Domain.Satisfaction;

public sealed record SurveyCriterion(string Id, LocalizedText Title);

/// <summary>One version of a citizen satisfaction survey (rule 21): criteria, scale 1..Scale, and the threshold below which a rating is low.</summary>
public sealed record SurveyTemplate(string Code, int Version, LocalizedText Title, int Scale, decimal Threshold, IReadOnlyList<SurveyCriterion> Criteria);

public sealed record SurveyTemplatePublished(Guid TemplateId, string Code, int Version, string ContentHash, SurveyTemplate Template, string By, DateTimeOffset At);

public static partial class SurveyFile
{
    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*$")] private static partial Regex Id();

    public static Guid StreamIdFor(string code) => Canonical.StreamId("survey", code);

    public static (SurveyTemplate? Template, IReadOnlyList<Diagnostic> Errors) Parse(string path, string text)
    {
        var doc = YamlDocument.Parse(path, text);
        if (doc.Root is null) return (null, doc.Errors);
        doc.CheckKeys(doc.Root, "a survey", "survey", "version", "title", "scale", "threshold", "criteria");
        var code = doc.Text(doc.Required(doc.Root, "survey", "a survey"), "survey");
        if (code is not null && !Id().IsMatch(code)) doc.Error(doc.Get(doc.Root, "survey")!, $"'survey' '{code}' may contain only lowercase letters, digits, '.' and '-'");
        var version = doc.WholeNumber(doc.Required(doc.Root, "version", "a survey"), "version", 1);
        LocalizedText? title = null;
        if (doc.Mapping(doc.Required(doc.Root, "title", "a survey"), "title") is { } tm)
        {
            doc.CheckKeys(tm, "'title'", "vi", "en");
            if (doc.Text(doc.Required(tm, "vi", "'title'"), "title.vi") is { } vi) title = new LocalizedText(vi, doc.Text(doc.Get(tm, "en"), "title.en"));
        }
        var scale = doc.WholeNumber(doc.Required(doc.Root, "scale", "a survey"), "scale", 2);
        var threshold = doc.Number(doc.Required(doc.Root, "threshold", "a survey"), "threshold", 1);
        if (scale is not null && threshold > scale) doc.Error(doc.Get(doc.Root, "threshold")!, $"'threshold' {threshold} is above the scale {scale}");
        var criteria = new List<SurveyCriterion>();
        if (doc.Sequence(doc.Required(doc.Root, "criteria", "a survey"), "criteria") is { } seq)
            foreach (var n in seq.Children)
            {
                if (doc.Mapping(n, "criteria item") is not { } m) continue;
                doc.CheckKeys(m, "a criterion", "id", "title");
                var id = doc.Text(doc.Required(m, "id", "a criterion"), "id");
                LocalizedText? ct = null;
                if (doc.Mapping(doc.Required(m, "title", "a criterion"), "title") is { } cm && doc.Text(doc.Required(cm, "vi", "'title'"), "title.vi") is { } cvi)
                    ct = new LocalizedText(cvi, doc.Text(doc.Get(cm, "en"), "title.en"));
                if (id is not null && criteria.Any(c => c.Id == id)) doc.Error(m, $"criterion '{id}' is listed twice");
                else if (id is not null && ct is not null) criteria.Add(new SurveyCriterion(id, ct));
            }
        if (criteria.Count == 0 && doc.Errors.Count == 0) doc.Error(doc.Root, "a survey needs at least one criterion");
        if (doc.Errors.Count > 0 || code is null || version is null || title is null || scale is null || threshold is null) return (null, doc.Errors);
        return (new SurveyTemplate(code, version.Value, title, scale.Value, threshold.Value, criteria), doc.Errors);
    }
}
