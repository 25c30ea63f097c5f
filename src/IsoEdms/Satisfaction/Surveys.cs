using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Satisfaction;

namespace IsoEdms.Satisfaction;

/// <summary>Survey templates are controlled documents like procedures: versioned, published once, never changed.</summary>
public static class Surveys
{
    public static async Task<(bool Ok, IReadOnlyList<Domain.Said> Lines)> PublishAsync(IDocumentSession session, IReadOnlyList<string> paths, string by, DateTimeOffset now, CancellationToken ct)
    {
        var lines = new List<Domain.Said>();
        var refused = false;
        var files = paths.SelectMany<string, string>(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : [p]).ToList();
        var parsed = new List<(string Path, SurveyTemplate Template)>();
        foreach (var f in files)
        {
            if (!File.Exists(f)) { lines.Add(Domain.Say.It("survey_no_file", $"{f:code}: no such file")); continue; }
            var (t, errors) = SurveyFile.Parse(f, await File.ReadAllTextAsync(f, ct));
            lines.AddRange(errors.Select(e => new Domain.Said("", e.ToString(), [])));   // a file's problems with their lines, as the reader gives them
            if (t is not null) parsed.Add((f, t));
        }
        if (lines.Count > 0) return (false, [.. lines, Domain.Say.It("nothing_published", $"nothing was published")]);
        var appended = 0;
        foreach (var group in parsed.GroupBy(p => p.Template.Code))
        {
            var id = SurveyFile.StreamIdFor(group.Key);
            var existing = (await session.Events.FetchStreamAsync(id, token: ct)).Select(e => e.Data).OfType<SurveyTemplatePublished>().ToDictionary(e => e.Version);
            var version = existing.Count;
            var toAppend = new List<object>();
            foreach (var (path, t) in group.OrderBy(p => p.Template.Version))
            {
                var hash = Canonical.Sha256(t);
                if (existing.TryGetValue(t.Version, out var published))
                {
                    if (published.ContentHash == hash) lines.Add(Domain.Say.It("survey_unchanged", $"unchanged {t.Code:code} v{t.Version:number}"));
                    else
                    {
                        refused = true;
                        lines.Add(Domain.Say.It("survey_changed", $"{path:code}: refused: {t.Code:code} v{t.Version:number} is already published with different content; add v{existing.Keys.Max() + 1:number}"));
                    }
                    continue;
                }
                if (existing.Count > 0 && t.Version < existing.Keys.Max()) { refused = true; lines.Add(Domain.Say.It("survey_older", $"{path:code}: refused: versions only go up")); continue; }
                toAppend.Add(new SurveyTemplatePublished(id, t.Code, t.Version, hash, t, by, now));
                lines.Add(Domain.Say.It("published_procedure_version", $"published {t.Code:code} v{t.Version:number}"));
            }
            if (refused) continue;
            if (toAppend.Count == 0) continue;
            if (version == 0) session.Events.StartStream(id, toAppend.ToArray()); else session.Events.Append(id, version + toAppend.Count, toAppend.ToArray());
            appended += toAppend.Count;
        }
        if (refused) return (false, [.. lines, Domain.Say.It("nothing_published", $"nothing was published")]);
        return (true, lines);   // staged on the session: the caller's transaction commits them
    }

    /// <summary>A template version (the latest when <paramref name="version"/> is null).</summary>
    public static async Task<SurveyTemplate?> LoadAsync(IQuerySession session, string code, int? version, CancellationToken ct)
    {
        var all = (await session.Events.FetchStreamAsync(SurveyFile.StreamIdFor(code), token: ct)).Select(e => e.Data).OfType<SurveyTemplatePublished>().ToList();
        return (version is null ? all.MaxBy(e => e.Version) : all.FirstOrDefault(e => e.Version == version))?.Template;
    }
}
