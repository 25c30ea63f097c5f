using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IsoEdms.Infrastructure;

/// <summary>
/// What /openapi/v1.json says beyond the endpoints' own typed results: the problem documents every API endpoint can
/// answer with, how a client signs in (bearer token or the pages' cookie), and which operations need no sign-in.
/// </summary>
public static class ApiDescription
{
    public const string Bearer = "bearer";
    public const string Cookie = "cookie";

    /// <summary>Problem answers by kind of endpoint: every one can be refused for its input or not find what it names.</summary>
    public sealed class ProblemAnswers : IHttpPolicy
    {
        public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
        {
            foreach (var chain in chains.Where(c => c.RoutePattern?.RawText?.StartsWith("/api", StringComparison.Ordinal) == true))
            {
                var anonymous = chain.Method.Method.GetCustomAttributes(typeof(AllowAnonymousAttribute), true).Length > 0;
                var statuses = new List<int> { 400, 404 };
                if (!anonymous) statuses.AddRange([401, 403]);
                if (chain.HttpMethods.Contains("POST")) statuses.AddRange([409, 422]);
                foreach (var status in statuses) chain.Metadata.ProducesProblem(status);
            }
        }
    }

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "IsoEdms";
            document.Info.Description = "Hệ thống ISO điện tử / electronic ISO 9001 quality management for public administration service centres.";
            document.Servers = [new OpenApiServer { Url = "/", Description = "the API is served where this document is" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "POST /api/auth/token with { person, password } answers an access_token",
            };
            document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "isoedms", Description = "the pages' sign-in cookie",
            };
            document.Security = [Requirement(document, Bearer), Requirement(document, Cookie)];
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any()) operation.Security = [];
            return Task.CompletedTask;
        });
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
