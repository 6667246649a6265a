using CallCenter.Edge;
using CallCenter.Grains;
using CallCenter.Storage.CallLogs;
using CallCenter.Storage.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CallCenter.Grains.Tenancy;
using CallCenter.Runtime;
using CallCenter.Silo.Provisioning;

namespace CallCenter.Silo.Hosting;

/// <summary>Builds the one-process host: grain runtime, storage, telephony, blob store and edge, all chosen by
/// configuration. Tests build it the same way, with a hook to override settings and services.</summary>
public static class SiloHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
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
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var silo = builder.Configuration.GetSection("Silo").Get<SiloOptions>() ?? new SiloOptions();
        var dataDirectory = Path.GetFullPath(silo.DataDirectory, Environment.CurrentDirectory);
        Directory.CreateDirectory(dataDirectory);
        EmbeddedDefaults.Add(builder.Configuration, dataDirectory);
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddStorage(builder.Configuration.GetSection("Storage"));
        builder.Services.AddCallLogStore();
        TelephonyComposition.Add(builder.Services, builder.Configuration);
        builder.Services.AddGrainRuntime(typeof(TenantGrain).Assembly);
        builder.Services.AddCallCenterGrains(builder.Configuration);
        builder.Services.AddCallCenterEdge(builder.Configuration);

        builder.Services.Configure<DemoTenantOptions>(builder.Configuration.GetSection("DemoTenant"));
        builder.Services.AddHostedService<DemoTenantProvisioner>();

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseWebSockets();
        app.MapCallCenterEdge();
        TelephonyComposition.Map(app);
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
