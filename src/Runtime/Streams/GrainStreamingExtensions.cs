namespace CallCenter.Runtime.Streams;

public static class GrainStreamingExtensions
{
    /// <summary>The stream provider registered under <paramref name="name"/>, from inside a grain (Orleans' name).</summary>
    /// <exception cref="KeyNotFoundException">No stream provider has that name.</exception>
    public static IStreamProvider GetStreamProvider(this Grain grain, string name)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.Activation.Runtime.GetStreamProvider(name);
    }
}
