using CallCenter.Runtime.Invocation;
using CallCenter.Runtime.Streams;

namespace CallCenter.Runtime.Core;

/// <summary>Hands out grain references and stream providers; the <see cref="IGrainFactory"/> and <see cref="IClusterClient"/>
/// of the container.</summary>
internal sealed class ClusterClient(GrainRuntime runtime) : IClusterClient
{
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey
    {
        GrainKeys.Validate(primaryKey, nameof(primaryKey));
        var binding = runtime.Registry.Bind(typeof(TGrainInterface));
        return (TGrainInterface)GrainProxy.Create(binding.Interface, new GrainId(binding.Class.GrainType, primaryKey), runtime.Transport);
    }

    public IStreamProvider GetStreamProvider(string name) => runtime.GetStreamProvider(name);
}
