namespace IsoEdms.Cases.Forms;

public static class FormsEndpoint
{
    /// <summary>GET /api/cases/{id}/forms/{form}[?format=pdf]: a case's printed form as HTML (print it from the browser) or PDF.</summary>
    [Authorize(Policy = Policies.Member)]
    [WolverineGet("/api/cases/{id}/forms/{form}")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<string>(StatusCodes.Status200OK, "text/html", "application/pdf")]
    public static async Task<Results<ContentHttpResult, FileContentHttpResult, ProblemHttpResult>> Get(Guid id, string form, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<CaseDetails>(id, ct) is not { } d) return Problems.Of(404, "Unknown case", $"there is no case {id}");
        if (!Scope.Of(http).MayReadCase(d.UnitsTouched())) return Scope.Forbidden("this dossier never passed through your units");
        var format = http.Request.Query["format"].FirstOrDefault() ?? "html";
        if (format is not ("html" or "pdf")) return Problems.Field(400, "Unknown format", "'format' must be html or pdf", "format");
        var (html, refusal) = await CaseForms.RenderAsync(session, d.Code, form, ct);
        if (html is null) return Problems.Field(404, "No such form for this case", refusal!, "form");
        if (format == "html") return TypedResults.Content(html, "text/html; charset=utf-8");
        var file = Path.Combine(Path.GetTempPath(), $"isoedms-{Guid.NewGuid():N}.pdf");
        try
        {
            if (await Pdf.PrintAsync(html, file, ct) is { } problem) return Problems.Of(503, "The PDF could not be printed", problem);
            return TypedResults.File(await File.ReadAllBytesAsync(file, ct), "application/pdf", $"mau-{form}-{d.Code}.pdf");
        }
        finally { File.Delete(file); }
    }
}
