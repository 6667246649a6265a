using CallCenter.Runtime.Transport;

namespace CallCenter.Runtime.Streams;

/// <summary>
/// One published item with its sequence token, as queued for subscribers. With <see cref="RuntimeOptions.SerializeCalls"/>
/// it carries the serialized payload instead, and each subscriber gets its own deserialized copy.
/// </summary>
internal sealed class StreamItem(StreamId streamId, object? value, byte[]? payload, Type declaredType, StreamSequenceToken token)
{
    public StreamId StreamId { get; } = streamId;

    public StreamSequenceToken Token { get; } = token;

    public object? Unwrap(WireSerializer wire) => payload is null ? value : wire.Deserialize(payload, declaredType);
}
