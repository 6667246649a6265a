using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCenter.Runtime.Transport;

/// <summary>Grain references (arguments, results, state fields typed as a grain interface) travel as their key; the
/// receiving side makes a reference of the declared interface from it.</summary>
internal sealed class GrainReferenceJsonConverterFactory(IGrainFactory grainFactory) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert)
        => typeToConvert.IsInterface && typeToConvert != typeof(IGrainWithStringKey) && typeof(IGrainWithStringKey).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => (JsonConverter)Activator.CreateInstance(typeof(GrainReferenceJsonConverter<>).MakeGenericType(typeToConvert), grainFactory)!;

    private sealed class GrainReferenceJsonConverter<TGrain>(IGrainFactory grainFactory) : JsonConverter<TGrain>
        where TGrain : IGrainWithStringKey
    {
        public override TGrain Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => grainFactory.GetGrain<TGrain>(reader.GetString() ?? throw new JsonException("A grain reference must be a key string."));

        public override void Write(Utf8JsonWriter writer, TGrain value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.GetPrimaryKeyString());
    }
}
