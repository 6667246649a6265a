using System.Text.Json;

namespace CallCenter.Runtime.Serialization;

/// <summary>
/// The state a grain starts from when nothing is stored: a parameterless constructor if there is one, else what JSON
/// makes of "{}" (so positional records with defaultable parameters work too).
/// </summary>
internal static class DefaultState<TState>
{
    private static readonly bool HasParameterlessConstructor =
        typeof(TState).IsValueType || typeof(TState).GetConstructor(Type.EmptyTypes) is not null;

    public static TState Create(JsonSerializerOptions options)
    {
        if (HasParameterlessConstructor) return Activator.CreateInstance<TState>();
        try
        {
            return JsonSerializer.Deserialize<TState>("{}"u8, options)
                ?? throw new InvalidOperationException($"{typeof(TState).Name} deserialized from {{}} as null.");
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"Cannot create a default {typeof(TState).Name} for a grain's persistent state: give it a parameterless constructor or defaults for all constructor parameters.",
                exception);
        }
    }
}
