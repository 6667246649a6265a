using System.Text.Json;
using Orleans.Storage;

namespace CallCenter.Runtime.Serialization;

/// <summary>
/// How grain state is written to storage: System.Text.Json with its general defaults (property names as declared, no CLR
/// type names), the format the embedded data directories have always held, so they keep working unchanged. Used by the
/// project's own stores and configured as the ADO.NET provider's serializer (whose default, Newtonsoft with <c>$type</c>
/// CLR names, would tie stored rows to class names).
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    public static JsonGrainStateSerializer Instance { get; } = new();

    public JsonGrainStateSerializer() : this(CreateOptions()) { }

    public JsonGrainStateSerializer(JsonSerializerOptions options) => Options = options;

    public JsonSerializerOptions Options { get; }

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) => Read<T>(input.ToMemory());

    /// <summary>Reads a stored payload; a state type's default when the payload is JSON <c>null</c>.</summary>
    public T Read<T>(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload.Span, Options) ?? DefaultState<T>.Create(Options);
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"Stored state cannot be read as {typeof(T).Name}: {exception.Message}", exception);
        }
    }

    /// <summary>The state a grain starts from when nothing is stored.</summary>
    public T CreateDefault<T>() => DefaultState<T>.Create(Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
