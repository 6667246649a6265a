using CallCenter.Runtime.Streams;

namespace CallCenter.Runtime;

/// <summary>
/// What code outside grains (the edge) uses to reach the grains: references and streams (Orleans: <c>IClusterClient</c>).
/// Nothing behind it may be assumed to run in the caller's process.
/// </summary>
public interface IClusterClient : IGrainFactory
{
    /// <exception cref="KeyNotFoundException">No stream provider is registered under <paramref name="name"/>.</exception>
    IStreamProvider GetStreamProvider(string name);
}
