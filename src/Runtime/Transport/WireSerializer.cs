using System.Buffers;
using System.Text.Json;
using CallCenter.Runtime.Invocation;

namespace CallCenter.Runtime.Transport;

/// <summary>
/// What crosses the wire between silos, and what grain state is stored as: System.Text.Json with the runtime's options
/// (grain references travel as their keys; polymorphic records need [JsonDerivedType] on their base).
/// </summary>
internal sealed class WireSerializer
{
    public WireSerializer(IGrainFactory grainFactory)
    {
        Options = new JsonSerializerOptions(JsonSerializerDefaults.General);
        Options.Converters.Add(new GrainReferenceJsonConverterFactory(grainFactory));
        Options.MakeReadOnly(populateMissingResolver: true);
    }

    public JsonSerializerOptions Options { get; }

    public object?[] RoundTripArguments(GrainMethod method, object?[] arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < arguments.Length; i++)
            {
                try
                {
                    JsonSerializer.Serialize(writer, arguments[i], method.ParameterTypes[i], Options);
                }
                catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException)
                {
                    throw new GrainSerializationException(
                        $"Argument '{method.Parameters[i].Name}' of {method.Name} ({arguments[i]?.GetType().Name ?? "null"}) cannot be serialized: {exception.Message}",
                        exception);
                }
            }
            writer.WriteEndArray();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        reader.Read();
        var copies = new object?[arguments.Length];
        for (var i = 0; i < copies.Length; i++)
        {
            reader.Read();
            try
            {
                copies[i] = JsonSerializer.Deserialize(ref reader, method.ParameterTypes[i], Options);
            }
            catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException)
            {
                throw new GrainSerializationException(
                    $"Argument '{method.Parameters[i].Name}' of {method.Name} ({method.ParameterTypes[i].Name}) cannot be deserialized: {exception.Message}",
                    exception);
            }
        }
        return copies;
    }

    public TResult RoundTripResult<TResult>(GrainMethod method, TResult result)
    {
        try
        {
            return JsonSerializer.Deserialize<TResult>(JsonSerializer.SerializeToUtf8Bytes(result, Options), Options)!;
        }
        catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new GrainSerializationException(
                $"The result of {method.Name} ({result?.GetType().Name ?? "null"}) cannot cross the wire: {exception.Message}", exception);
        }
    }

    /// <summary>An exception as the caller of a remote grain would see it: same type and message, the callee's stack
    /// trace attached as a remote stack trace.</summary>
    public Exception RoundTripException(Exception exception)
    {
        if (exception is GrainSerializationException or GrainCallTimeoutException) return exception;
        var envelope = ExceptionEnvelope.From(exception);
        var copy = JsonSerializer.Deserialize<ExceptionEnvelope>(JsonSerializer.SerializeToUtf8Bytes(envelope, Options), Options)!;
        return copy.ToException();
    }

    public byte[] Serialize(object? value, Type declaredType)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, declaredType, Options);
        }
        catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new GrainSerializationException($"A {value?.GetType().Name ?? declaredType.Name} cannot be serialized: {exception.Message}", exception);
        }
    }

    public object? Deserialize(ReadOnlySpan<byte> payload, Type declaredType) => JsonSerializer.Deserialize(payload, declaredType, Options);
}
