using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using IsoEdms.Health;
using JasperFx;
using JasperFx.Resources;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Wolverine.Marten;

namespace IsoEdms.Infrastructure;

public static class WebHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var cs = Database.Resolve(builder.Configuration);
        // A node serves one tenant: its database is found in the home database's registry ("--tenant ID" or
        // IsoEdms:Tenant); without one it serves the home database, as a single-province deployment does.
        var tenant = builder.Configuration["IsoEdms:Tenant"] ?? builder.Configuration["tenant"];
        if (!string.IsNullOrWhiteSpace(tenant))
        {
            try
            {
                cs = await Tenancy.TenantRegistry.ConnectionOfAsync(cs, tenant, CancellationToken.None);
            }
            catch (Tenancy.TenantException ex)
            {
                Console.Error.WriteLine($"isoedms: {ex.Message}");
                return 1;
            }
        }
        builder.Configuration["IsoEdms:Tenant"] = string.IsNullOrWhiteSpace(tenant) ? Tenancy.TenantRegistry.Default : tenant;

        // Fail fast with one line when the database is unreachable, except under a test host (it sets its own).
        if (!IsTestHost(args))
        {
            var problem = await Database.ProbeAsync(cs);
            if (problem is not null)
            {
                Console.Error.WriteLine($"isoedms: {problem}");
                return 1;
            }
        }

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
            builder.WebHost.UseUrls(DefaultUrl);

        Configure(builder, cs);
        var app = builder.Build();
        MapEndpoints(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls) Console.WriteLine($"IsoEdms listening on {url}");
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// "codegen write" (and the framework's other codegen verbs): the web host is built, not started, and the code the
    /// handlers and endpoints run is written as source into the project, to be compiled with it (docs/codegen.md).
    /// </summary>
    public static async Task<int> RunCodegenAsync(string[] args)
    {
        // The files go into Infrastructure/Generated of the project folder (found from the repository root as well), or
        // of the working folder elsewhere: they are the write path's plumbing (the transaction, the aggregate fetch, the
        // policy middleware), kept with the rest of it.
        var here = Directory.GetCurrentDirectory();
        var project = Path.Combine(here, "src", "IsoEdms");
        var root = File.Exists(Path.Combine(project, "IsoEdms.csproj")) ? project : here;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root });
        Configure(builder, Database.Resolve(builder.Configuration));
        builder.Services.ConfigureWolverine(o => o.CodeGeneration.GeneratedCodeOutputPath = Path.Combine(root, GeneratedFolder));
        var app = builder.Build();
        MapEndpoints(app);
        return await app.RunJasperFxCommands(args);
    }

    /// <summary>Where "codegen write" puts the generated classes, under the project folder.</summary>
    public static readonly string GeneratedFolder = Path.Combine("Infrastructure", "Generated");

    private static bool IsTestHost(string[] args) => args.Any(a => a.StartsWith("--applicationName", StringComparison.Ordinal));

    public static void Configure(WebApplicationBuilder builder, string cs)
    {
        // ASP.NET Core logs a dozen lines per request at Information: the request log of a busy desk would cost more than
        // the request. Warnings and errors still show; Logging__LogLevel__Microsoft.AspNetCore=Information brings them back.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var clustered = string.Equals(builder.Configuration["IsoEdms:Nodes"], "cluster", StringComparison.OrdinalIgnoreCase);
        var services = builder.Services;
        services.TryAddSingletonTimeProvider();
        services.AddSingleton(Notifications.NotifySettings.From(builder.Configuration));
        CommandHost.AddHandlerServices(services);
        // nodes started together on one database go through start-up (schema setup above all) one at a time
        services.AddHostedService<StartupLock>();
        // first of the hosted services: a new version of the statistics tables clears the projection's progress, which
        // the daemon must not have read yet (docs/statistics.md)
        services.AddHostedService<Monitoring.TimelinessTablesOnStartup>();

        services.AddMarten(opts => MartenSetup.Configure(opts, cs))
            .UseIdentitySessions()
            .IntegrateWithWolverine(x => x.MessageStorageSchemaName = "wolverine")
            .AddAsyncDaemon(clustered ? DaemonMode.HotCold : DaemonMode.Solo);

        builder.Host.UseWolverine(opts =>
        {
            opts.Durability.Mode = clustered ? DurabilityMode.Balanced : DurabilityMode.Solo;
            CommandHost.ConfigureBus(opts);
            // notifications wait in a durable local queue: stored with the event that caused them, taken up again after a crash
            opts.PublishMessage<Notifications.DeliverNotice>().ToLocalQueue(Notifications.Outgoing.QueueName).UseDurableInbox();
        });
        services.AddWolverineHttp();
        // One JSON convention for the whole API, the import lines and the reports: snake_case keys and enum values.
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.Converters.Add(new SafeStringConverter());
        });
        services.AddResourceSetupOnStartup();
        services.AddOpenApi(ApiDescription.Configure);
        Access.AccessSetup.Configure(services, builder.Configuration);
        Ui.UiSetup.Configure(services);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Wording.Localise);
        services.AddLocalization();
        services.AddSingleton<Wording>();

        // Hangfire: own storage and activator per host and a log provider that survives disposed hosts (docs/stack.md, "Hangfire").
        services.AddSingleton<JobStorage>(_ =>
        {
            var o = new PostgreSqlStorageOptions
            {
                SchemaName = HangfireSchema.Schema,
                PrepareSchemaIfNecessary = false,   // HangfireSchema, under the start-up lock: the dashboard builds the storage before that
                QueuePollInterval = TimeSpan.FromSeconds(1),
                // Hangfire's locks here are rows, not sessions: a node killed while it holds one (the recurring jobs'
                // scheduler takes one every few seconds) leaves it behind, and no node schedules a recurring job until
                // it expires. The default of 10 minutes stalled the deadline sweep that long; the scheduler holds it for
                // milliseconds, so a minute is ample (docs/deployment.md, "A node dies").
                DistributedLockTimeout = DeadLockExpiry,
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(cs, o, null), o);
        });
        services.AddSingleton<IStartupSchema, HangfireSchema>();
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, cfg) => cfg
            .UseLogProvider(new SafeHangfireLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer((_, o) =>
        {
            o.WorkerCount = 2;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        Jobs.RecurringJobs.Register(services);
        services.AddSingleton<Satisfaction.RatingSecrets>();
        PublicRequests.Configure(services, builder.Configuration);
    }

    public static void MapEndpoints(WebApplication app)
    {
        app.UseExceptionHandler();
        WebSecurity.UseHeaders(app);
        // an address no page or endpoint answers gets the app's own page, in Vietnamese (the API keeps its problem documents)
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), b => b.UseStatusCodePagesWithReExecute("/khong-tim-thay", "?status={0}"));
        app.UseRouting();   // after the status pages, so a re-executed request is routed to its page
        Ui.UiSetup.UseStylesheet(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        Ui.UiSetup.Map(app);
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealth();
        app.UseHangfireDashboard("/hangfire", new Hangfire.DashboardOptions
        {
            Authorization = [new AdministratorsOnly()],
            DashboardTitle = "IsoEdms – Hangfire",
        });
        app.MapWolverineEndpoints(o =>
        {
            o.AddPolicy<ApiDescription.ProblemAnswers>();
            o.MapConcurrencyFailuresToConflict();
            o.RejectUnparseableQueryValues = true;
        });
        Jobs.RecurringJobs.Schedule(app);
    }

    /// <summary>How old a row in Hangfire's lock table must be before another node may delete it as left by a dead node.</summary>
    public static readonly TimeSpan DeadLockExpiry = TimeSpan.FromMinutes(1);

    /// <summary>Hangfire's tables, installed or upgraded by Hangfire's own scripts (what <c>PrepareSchemaIfNecessary</c> would run).</summary>
    private sealed class HangfireSchema : IStartupSchema
    {
        public const string Schema = "hangfire";

        public Task EnsureAsync(Npgsql.NpgsqlConnection connection, CancellationToken ct)
        {
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, Schema);
            return Task.CompletedTask;
        }
    }

    /// <summary>The job dashboard is for administrators signed in to the app.</summary>
    private sealed class AdministratorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User.IsInRole(Access.AccessClaims.RoleName(Domain.Access.AccessRole.Administrator));
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}
