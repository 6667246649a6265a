using CallCenter.Storage.Hosting;
using CallCenter.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;

namespace CallCenter.Storage.Tests.Infrastructure;

/// <summary>
/// Orleans' ADO.NET providers as the project's registration wires them (<see cref="PostgresStorageServiceCollectionExtensions"/>),
/// resolved from a service provider the way a silo resolves them, without the rest of a silo.
/// </summary>
public static class AdoNetProviders
{
    public const string ServiceId = "callcenter-test";
    public const string ClusterId = "storage-tests";

    /// <summary>The base services Orleans' providers take from a silo: options, logging, the serializer's activators.</summary>
    public static IServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = ServiceId;
            o.ClusterId = ClusterId;
        });
        return services;
    }

    /// <summary>A provider with grain storage <paramref name="name"/> on Orleans' ADO.NET storage, its lifecycle started
    /// (schema applied, statements loaded) as a silo would.</summary>
    public static async Task<ServiceProvider> StartGrainStorageAsync(PostgresStorageOptions options, string name = "Default")
    {
        var services = Services();
        services.AddPostgresGrainStorage(name, o =>
        {
            o.ConnectionString = options.ConnectionString;
            o.Schema = options.Schema;
            o.GrainStorage = PostgresGrainStorageKind.AdoNet;
        });
        var provider = services.BuildServiceProvider();
        await TestSiloLifecycle.StartAsync(provider.GetServices<ILifecycleParticipant<ISiloLifecycle>>());
        return provider;
    }
}
