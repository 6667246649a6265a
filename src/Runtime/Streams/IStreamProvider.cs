namespace CallCenter.Runtime.Streams;

/// <summary>A named family of streams (Orleans: <c>IStreamProvider</c>); get one with <c>GetStreamProvider(name)</c>.</summary>
public interface IStreamProvider
{
    string Name { get; }

    /// <summary>A handle to the stream; cheap, and the stream exists as soon as something is published or subscribed.</summary>
    /// <exception cref="ArgumentException">The namespace is empty or the key breaks the grain key rules.</exception>
    IAsyncStream<T> GetStream<T>(StreamId streamId);
}
