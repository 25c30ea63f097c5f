using System.Security.Claims;
using System.Xml.Linq;
using IsoEdms.Domain.Access;
using IsoEdms.Domain.Organisation;
using IsoEdms.Organisation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace IsoEdms.Access;

/// <summary>The named policies every endpoint and page declares. Unit scoping is checked inside, against the record touched.</summary>
public static class Policies
{
    /// <summary>Any person holding a role in a unit today.</summary>
    public const string Member = "member";
    /// <summary>Case work: staff and unit heads (the decide functions then check the step's role and unit).</summary>
    public const string Staff = "staff";
    /// <summary>Quality records and cross-unit reports: unit heads, quality officers, auditors, administrators.</summary>
    public const string Oversight = "oversight";
    /// <summary>Working on nonconformities and corrective actions: unit heads (their units), quality officers, administrators.</summary>
    public const string Improvement = "improvement";
    /// <summary>Changing procedures and raising audit findings: quality officers and administrators.</summary>
    public const string Quality = "quality";
    /// <summary>The audit trail: auditors, quality officers, administrators.</summary>
    public const string Audit = "audit";
    /// <summary>Bulk import and account administration.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyDictionary<string, AccessRole[]> Roles = new Dictionary<string, AccessRole[]>
    {
        [Member] = Enum.GetValues<AccessRole>(),
        [Staff] = [AccessRole.Staff, AccessRole.UnitHead],
        [Oversight] = [AccessRole.UnitHead, AccessRole.QualityOfficer, AccessRole.Auditor, AccessRole.Administrator],
        [Improvement] = [AccessRole.UnitHead, AccessRole.QualityOfficer, AccessRole.Administrator],
        [Quality] = [AccessRole.QualityOfficer, AccessRole.Administrator],
        [Audit] = [AccessRole.Auditor, AccessRole.QualityOfficer, AccessRole.Administrator],
        [Admin] = [AccessRole.Administrator],
    };

    /// <summary>Null when <paramref name="p"/> satisfies <paramref name="policy"/>; otherwise the 403 that the API and the pages give.</summary>
    public static Infrastructure.Refusal? Refusal(Principal p, string policy) =>
        p.HasAny(Roles[policy]) ? null : RoleRefusal(Roles[policy].Select(AccessClaims.RoleName), p.Roles.Select(AccessClaims.RoleName));

    public static Infrastructure.Refusal RoleRefusal(IEnumerable<string> allowed, IEnumerable<string> held)
    {
        var h = held.Order(StringComparer.Ordinal).ToList();
        var a = allowed.ToList();
        var said = h.Count > 0
            ? Domain.Say.It("role_required", $"this needs one of the roles {a:accesses}; you hold {h:accesses}")
            : Domain.Say.It("role_required_none", $"this needs one of the roles {a:accesses}; you hold none today");
        return new(403, "Not allowed for your role", said.English) { Said = said };
    }
}

public static class AccessClaims
{
    public const string Unit = "isoedms:unit";
    public const string HeadOf = "isoedms:head_of";
    private const string Checked = "isoedms:org_checked";

    public static string RoleName(AccessRole r) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(r.ToString());

    /// <summary>The permission view of a signed-in user (after the claims transformation); null when nobody is signed in.</summary>
    public static Principal? Of(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } code) return null;
        var roles = Enum.GetValues<AccessRole>().Where(r => user.IsInRole(RoleName(r))).ToHashSet();
        return new Principal(code, user.FindFirstValue(ClaimTypes.Name) ?? code, roles,
            user.FindAll(Unit).Select(c => c.Value).ToHashSet(), user.FindAll(HeadOf).Select(c => c.Value).ToHashSet());
    }

    /// <summary>The identity a sign-in issues: who the person is. Roles are not frozen into it; they are read from the organisation on each request.</summary>
    public static ClaimsPrincipal Identity(PersonRecord person, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, person.Code), new Claim(ClaimTypes.Name, person.Name)], scheme));

    /// <summary>Adds the person's roles and units as they are today, so a move or an ended assignment takes effect at once.</summary>
    public sealed class FromOrganisation(IDocumentStore store, TimeProvider clock, OrgSnapshots orgs) : IClaimsTransformation
    {
        public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            if (principal.Identity?.IsAuthenticated != true || principal.HasClaim(c => c.Type == Checked)) return principal;
            var code = principal.FindFirstValue(ClaimTypes.NameIdentifier);
            var added = new ClaimsIdentity([new Claim(Checked, "1")]);
            if (!string.IsNullOrEmpty(code))
            {
                await using var session = store.QuerySession();
                // the person and the organisation's stamp in one round trip; what roles grant comes from the cached organisation
                var batch = session.CreateBatchQuery();
                var personRead = batch.Load<PersonRecord>(PersonRecord.StreamIdFor(code));
                var stampRead = batch.Load<OrgStamp>(OrgStamp.Key);
                await batch.Execute();
                if (await personRead is { } person)
                {
                    var today = OrgLoad.Today(clock);
                    var p = Principal.For(person, today, await orgs.ForStampAsync(session, await stampRead, CancellationToken.None));
                    added.AddClaims(p.Roles.Select(r => new Claim(ClaimTypes.Role, RoleName(r))));
                    added.AddClaims(p.Units.Select(u => new Claim(Unit, u)));
                    added.AddClaims(p.HeadOf.Select(u => new Claim(HeadOf, u)));
                }
            }
            var result = principal.Clone();
            result.AddIdentity(added);
            return result;
        }
    }
}

public static class AccessSetup
{
    public const string Scheme = "isoedms";
    /// <summary>How long a sign-in lasts: a working day by default (configuration IsoEdms:SignInHours).</summary>
    public static TimeSpan SignInLifetime(IConfiguration configuration) =>
        TimeSpan.FromHours(double.TryParse(configuration["IsoEdms:SignInHours"], System.Globalization.CultureInfo.InvariantCulture, out var h) && h > 0 ? h : 10);

    public static void Configure(IServiceCollection services, IConfiguration configuration)
    {
        var lifetime = SignInLifetime(configuration);
        // Keys that sign cookies and tokens live in the database, so every app node accepts what another issued; they are
        // encrypted there with the key ring certificate (KeyRingCertificate), which every node is given.
        // read once at start-up, before the container exists: the system clock (the certificate's validity, not a business time)
        var certificate = KeyRingCertificate.Load(configuration, TimeProvider.System);
        services.AddDataProtection().SetApplicationName("IsoEdms")
            .ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new KeyRing(sp.GetRequiredService<IDocumentStore>())));

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "cookie or bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "isoedms";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.CookieManager = new Infrastructure.WebSecurity.SecureOutsideLoopback(new Microsoft.AspNetCore.Authentication.Cookies.ChunkingCookieManager());
                o.ExpireTimeSpan = lifetime;
                o.SlidingExpiration = true;
                o.LoginPath = "/dang-nhap";
                o.AccessDeniedPath = "/khong-duoc-phep";
            })
            .AddBearerToken(o => o.BearerTokenExpiration = lifetime);
        services.AddTransient<IClaimsTransformation, AccessClaims.FromOrganisation>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAnswers>();

        services.AddAuthorizationBuilder()
            // Safe by default: an endpoint or page that declares nothing needs a person with a role today.
            .SetFallbackPolicy(Require(Policies.Member))
            .AddPolicy(Policies.Member, Require(Policies.Member))
            .AddPolicy(Policies.Staff, Require(Policies.Staff))
            .AddPolicy(Policies.Oversight, Require(Policies.Oversight))
            .AddPolicy(Policies.Improvement, Require(Policies.Improvement))
            .AddPolicy(Policies.Quality, Require(Policies.Quality))
            .AddPolicy(Policies.Audit, Require(Policies.Audit))
            .AddPolicy(Policies.Admin, Require(Policies.Admin));
    }

    private static AuthorizationPolicy Require(string policy) =>
        // no scheme named here: the default scheme has authenticated the request once (and read the person's roles once)
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireRole(Policies.Roles[policy].Select(AccessClaims.RoleName)).Build();

    /// <summary>The API answers 401 / 403 with a problem document; pages keep the redirect to the sign-in page.</summary>
    private sealed class ApiAnswers : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            if (context.Request.Path.StartsWithSegments("/api") && (result.Challenged || result.Forbidden))
            {
                var answer = result.Challenged
                    ? Results.Problem(statusCode: 401, title: "Not signed in", detail: "sign in first (POST /api/auth/token, or the sign-in page)")
                    : Policies.RoleRefusal(policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles),
                        AccessClaims.Of(context.User)?.Roles.Select(AccessClaims.RoleName) ?? []).ToResult();
                await answer.ExecuteAsync(context);
                return;
            }
            await _default.HandleAsync(next, context, policy, result);
        }
    }

    /// <summary>The data-protection key ring as documents of the event store's database.</summary>
    private sealed class KeyRing(IDocumentStore store) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var session = store.QuerySession();
            // The key ring API is synchronous; it is read once per app start and written when a key rolls over (90 days).
            return session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml)).ToList();
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var session = store.LightweightSession();
            session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
            Infrastructure.Transactions.CommitAsync(session).GetAwaiter().GetResult();
        }
    }
}

public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}
