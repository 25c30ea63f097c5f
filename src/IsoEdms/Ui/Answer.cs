using Microsoft.AspNetCore.Http.HttpResults;

namespace IsoEdms.Ui;

/// <summary>
/// What an API endpoint answered, for a page that called it directly: the pages run the very same endpoint code (one rule,
/// one place) and show its value or its problem.
/// </summary>
public sealed record Answer(int Status, object? Value, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Ok => Status is >= 200 and < 300;
    public T? As<T>() where T : class => Value as T;

    /// <summary>The message a person reads: the field at fault and what is wrong with it, else the detail.</summary>
    public string Message => Errors.Count > 0 ? string.Join("; ", Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) : Detail ?? Title ?? $"HTTP {Status}";

    public static async Task<Answer> Of(Task<IResult> call) => Of(await call);

    public static Answer Of(IResult result)
    {
        switch (result)
        {
            case ProblemHttpResult p:
                return new(p.StatusCode, null, p.ProblemDetails.Title, p.ProblemDetails.Detail, ErrorsOf(p.ProblemDetails.Extensions));
            case ValidationProblem v:
                return new(v.StatusCode, null, v.ProblemDetails.Title, v.ProblemDetails.Detail, v.ProblemDetails.Errors.ToDictionary());
            case IValueHttpResult value:
                return new((result as IStatusCodeHttpResult)?.StatusCode ?? 200, value.Value, null, null, new Dictionary<string, string[]>());
            default:
                return new((result as IStatusCodeHttpResult)?.StatusCode ?? 200, null, null, null, new Dictionary<string, string[]>());
        }
    }

    private static IReadOnlyDictionary<string, string[]> ErrorsOf(IDictionary<string, object?> extensions) =>
        extensions.TryGetValue("errors", out var e) && e is Dictionary<string, string[]> d ? d : new Dictionary<string, string[]>();
}
