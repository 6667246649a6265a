using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallCenter.Edge.Opr;

/// <summary>Reads a <c>POST /api</c> body: size limit, JSON object, and the original's <c>data_enc</c> wrapper.</summary>
internal static class OprRequestReader
{
    /// <summary>The original's wrapper: 7 characters of prefix, then base64 of the JSON request.</summary>
    private const int DataEncPrefixLength = 7;

    /// <returns>The request, or the failure reason (body_too_large, invalid_json, invalid_data_enc).</returns>
    public static async Task<(OprRequest? Request, string? Failure)> ReadAsync(HttpRequest http, int maxBytes, CancellationToken cancellationToken)
    {
        if (http.ContentLength > maxBytes) return (null, "body_too_large");
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (null, "body_too_large");
            buffer.Write(chunk, 0, read);
        }

        JsonObject? body;
        try
        {
            body = JsonNode.Parse(buffer.ToArray()) as JsonObject;
            if (body is not null) Validate(body);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            // ArgumentException: a duplicated key (refused rather than first- or last-wins, so a request never means two
            // things); InvalidOperationException: invalid UTF-8 inside a string.
            return (null, "invalid_json");
        }
        if (body is null) return (null, "invalid_json");

        if (!body.ContainsKey("msgType") && body["data_enc"] is JsonValue wrapped && wrapped.GetValueKind() == JsonValueKind.String)
        {
            var text = wrapped.GetValue<string>();
            try
            {
                if (text.Length <= DataEncPrefixLength) return (null, "invalid_data_enc");
                var json = Encoding.UTF8.GetString(Convert.FromBase64String(text[DataEncPrefixLength..]));
                body = JsonNode.Parse(json) as JsonObject;
                if (body is null) return (null, "invalid_data_enc");
                Validate(body);
            }
            catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException or ArgumentException or InvalidOperationException)
            {
                return (null, "invalid_data_enc");
            }
        }
        return (new OprRequest(body), null);
    }

    /// <summary>JsonNode parses lazily: a duplicated key or invalid UTF-8 would only throw when a handler first looks,
    /// far from here (an HTTP 500). Touch every member and string now so that they fail as invalid JSON.</summary>
    private static void Validate(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o) Validate(value);
                break;
            case JsonArray a:
                foreach (var item in a) Validate(item);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                _ = v.GetValue<string>();
                break;
        }
    }
}
