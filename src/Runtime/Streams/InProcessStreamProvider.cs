using CallCenter.Runtime.Core;

namespace CallCenter.Runtime.Streams;

/// <summary>Streams within this process (a broker-backed provider takes its place for multi-silo deployments).</summary>
internal sealed class InProcessStreamProvider(string name, GrainRuntime runtime) : IStreamProvider
{
    public string Name { get; } = name;

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        if (string.IsNullOrWhiteSpace(streamId.Namespace))
            throw new ArgumentException("A stream namespace must not be empty.", nameof(streamId));
        GrainKeys.Validate(streamId.Key, nameof(streamId));
        return new InProcessStream<T>(Name, streamId, runtime);
    }
}
