using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCenter.Edge.Json;

namespace CallCenter.Edge.Opr;

/// <summary>Reads a <c>POST /api</c> body: size limit, JSON object, and the original's <c>data_enc</c> wrapper.</summary>
internal static class OprRequestReader
{
    /// <summary>The original's wrapper: 7 characters of prefix, then base64 of the JSON request.</summary>
    private const int DataEncPrefixLength = 7;

    /// <returns>The request, or the failure reason (body_too_large, invalid_json, invalid_utf8, duplicate_key:x,
    /// invalid_data_enc).</returns>
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
        if (StrictJson.Check(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } problem) return (null, Reason(problem));
        try
        {
            body = JsonNode.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length).Span) as JsonObject;
        }
        catch (JsonException)
        {
            return (null, "invalid_json");
        }
        if (body is null) return (null, "invalid_json");

        if (!body.ContainsKey("msgType") && body["data_enc"] is JsonValue wrapped && wrapped.GetValueKind() == JsonValueKind.String)
        {
            var text = wrapped.GetValue<string>();
            if (text.Length <= DataEncPrefixLength) return (null, "invalid_data_enc");
            byte[] json;
            try
            {
                json = Convert.FromBase64String(text[DataEncPrefixLength..]);
            }
            catch (FormatException)
            {
                return (null, "invalid_data_enc");
            }
            // The wrapped request obeys the same rule as a plain one (and says so).
            if (StrictJson.Check(json) is { Kind: not StrictJsonProblemKind.Malformed } inner) return (null, Reason(inner));
            try
            {
                body = JsonNode.Parse(json) as JsonObject;
            }
            catch (JsonException)
            {
                return (null, "invalid_data_enc");
            }
            if (body is null) return (null, "invalid_data_enc");
        }
        return (new OprRequest(body), null);
    }

    /// <summary>The shared rule's refusals as opr reasons: <c>duplicate_key:seatId</c>, <c>invalid_utf8</c>.</summary>
    private static string Reason(StrictJsonProblem problem) => problem.Kind switch
    {
        StrictJsonProblemKind.DuplicateKey => "duplicate_key:" + problem.Key,
        StrictJsonProblemKind.InvalidUtf8 => "invalid_utf8",
        _ => "invalid_json",
    };
}
