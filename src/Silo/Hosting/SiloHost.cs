using CallCenter.Edge;
using CallCenter.Edge.Health;
using CallCenter.Runtime.Hosting;
using CallCenter.Grains;
using CallCenter.Grains.Tenancy;
using CallCenter.Silo.Provisioning;
using CallCenter.Storage.CallLogs;
using CallCenter.Storage.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Scalar.AspNetCore;

namespace CallCenter.Silo.Hosting;

/// <summary>Builds the one-process host: an Orleans silo with its storage, reminders and telephony, and the edge
/// co-hosted as the silo's client, all chosen by configuration. Tests build it the same way, with hooks to override
/// settings, services and the silo.</summary>
public static class SiloHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<ISiloBuilder>? configureSilo = null)
    {
        // appsettings*.json ship beside the binary, so the host finds them whatever the working directory is; the data
        // directory, by contrast, is relative to where the operator started it (./data).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = EnvironmentNameFor(args),
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(SiloOptions.DefaultUrl);
        builder.WebHost.AddGrpcListener(builder.Configuration);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var silo = builder.Configuration.GetSection("Silo").Get<SiloOptions>() ?? new SiloOptions();
        var dataDirectory = Path.GetFullPath(silo.DataDirectory, Environment.CurrentDirectory);
        Directory.CreateDirectory(dataDirectory);
        EmbeddedDefaults.Add(builder.Configuration, dataDirectory);
        builder.Services.TryAddSingleton(TimeProvider.System);

        // The silo first: hosted services start in registration order, and everything below calls grains when it starts.
        var orleans = builder.Configuration.GetSection(OrleansHostOptions.SectionName).Get<OrleansHostOptions>() ?? new OrleansHostOptions();
        builder.UseOrleans(siloBuilder =>
        {
            siloBuilder.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = orleans.ResponseTimeout);
            siloBuilder.Configure<GrainCollectionOptions>(o => o.CollectionAge = orleans.CollectionAge);
            siloBuilder.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = orleans.MinimumReminderPeriod);
            siloBuilder.AddCallCenterStorage(builder.Configuration.GetSection("Storage"));
            DashboardComposition.Add(siloBuilder, builder.Configuration);
            configureSilo?.Invoke(siloBuilder);
        });

        builder.Services.AddCallLogStore();
        TelephonyComposition.Add(builder.Services, builder.Configuration);
        builder.Services.AddCallCenterGrains(builder.Configuration);
        builder.Services.AddCallCenterEdge(builder.Configuration);
        builder.Services.AddCallCenterTelemetry(builder.Configuration, "callcenter-silo");
        builder.Services.AddHealthChecks()
            .AddReadinessCheck<GrainStorageHealthCheck>("storage")
            .AddReadinessCheck<SwitchHealthCheck>("switch");

        builder.Services.Configure<DemoTenantOptions>(builder.Configuration.GetSection("DemoTenant"));
        builder.Services.AddHostedService<DemoTenantProvisioner>();

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseWebSockets();
        app.MapCallCenterEdge();
        TelephonyComposition.Map(app);
        app.MapCallCenterTelemetry();
        DashboardComposition.Map(app);
        // The interactive reference of /openapi/v1.json, for developers trying the embedded run.
        if (app.Environment.IsEnvironment(EmbeddedEnvironment)) app.MapScalarApiReference().WithTags("operations");
        return app;
    }

    /// <summary>
    /// ASP.NET Core assumes "Production" when no environment is named, which would make a bare
    /// <c>dotnet run --project src/Silo</c> look for PostgreSQL and FreeSWITCH. The embedded run is the default here;
    /// production is chosen explicitly (ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT / --environment).
    /// </summary>
    private static string? EnvironmentNameFor(string[] args)
    {
        var named = args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"));
        return named ? null : EmbeddedEnvironment;
    }

    public const string EmbeddedEnvironment = "Embedded";
}
