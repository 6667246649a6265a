using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace CallCenter.Storage.Hosting;

/// <summary>Lets the grain storage registered under <paramref name="name"/> take part in the silo lifecycle if it wants
/// to (Orleans' ADO.NET storage loads its statements there), whichever implementation the options chose.</summary>
internal sealed class KeyedGrainStorageLifecycle(IServiceProvider services, string name) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        if (services.GetRequiredKeyedService<IGrainStorage>(name) is ILifecycleParticipant<ISiloLifecycle> participant) participant.Participate(lifecycle);
    }
}
