using JasperFx.CodeGeneration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine.Marten;

namespace IsoEdms.Infrastructure;

/// <summary>
/// The write path's services, shared by the web app and the command line: the singletons the handlers read, and
/// Wolverine's bus over Marten with its transactional middleware and the command policies. The command line starts
/// them in a small host of its own (<see cref="StartAsync"/>), with the bus in mediator mode: no listeners, no
/// durability agents, the handler runs in the caller's process and its transaction commits before the answer.
/// </summary>
public static class CommandHost
{
    public static void AddHandlerServices(IServiceCollection services)
    {
        services.AddSingleton<Procedures.PublishedDocuments>();
        services.AddSingleton<Organisation.OrgSnapshots>();
        services.AddSingleton<Cases.CaseContexts>();
        // notifications leave the app only where the web app's configuration says; the command line sends none
        services.TryAddSingleton(new Notifications.NotifySettings());
        services.AddSingleton<Notifications.Outgoing>();
        services.AddSingleton<Notifications.NotifyChannels>();
        services.AddHttpClient(Notifications.NotifyChannels.GatewayClient, c => c.Timeout = TimeSpan.FromSeconds(30));
    }

    public static void ConfigureBus(WolverineOptions opts)
    {
        opts.Policies.AutoApplyTransactions();
        // the policy of a command sent for a signed-in person is checked here, for the API and the pages alike
        opts.Policies.AddMiddleware(typeof(CommandAuthorization), chain => chain.MessageType.IsAssignableTo(typeof(IAuthorizedCommand)));
        opts.EnableRelayOfUserName = true;
        // the handler and endpoint classes, generated ahead of time by "codegen write" (docs/codegen.md)
        opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
        opts.Discovery.IncludeAssembly(typeof(CommandHost).Assembly);
    }

    /// <summary>A host with the event store and the bus on <paramref name="connectionString"/>, for one command-line run.</summary>
    public static async Task<IHost> StartAsync(string connectionString, TimeProvider clock, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(clock);
        AddHandlerServices(builder.Services);
        builder.Services.AddMarten(opts => MartenSetup.Configure(opts, connectionString, withAsyncProjections: false))
            .UseLightweightSessions()
            .IntegrateWithWolverine(x => x.MessageStorageSchemaName = "wolverine");
        builder.UseWolverine(opts =>
        {
            ConfigureBus(opts);
            opts.Durability.Mode = DurabilityMode.MediatorOnly;
        });
        var host = builder.Build();
        await host.StartAsync(ct);
        return host;
    }
}
