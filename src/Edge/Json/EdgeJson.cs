using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCenter.Edge.Json;

/// <summary>JSON settings shared by the dialects: names are written exactly as declared (the wire names are mixed-case
/// and fixed by the specs), nulls are omitted, and non-ASCII text (Chinese messages) is written as-is.</summary>
public static class EdgeJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
