using System.Text.Json;

namespace CallCenter.Edge.SockJs;

/// <summary>
/// Parses what a SockJS client sends: a JSON array of strings (xhr_send, websocket), or on the websocket transport also
/// a single JSON string. The answers for bad input are the protocol's own ("Payload expected.", "Broken JSON encoding.").
/// </summary>
internal static class SockJsClientPayload
{
    public const string PayloadExpected = "Payload expected.";
    public const string BrokenJson = "Broken JSON encoding.";

    /// <returns>True with the messages, or false with the protocol's reason.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8, bool allowSingleString, out List<string> messages, out string? error)
    {
        messages = [];
        error = null;
        if (utf8.IsEmpty || utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            error = PayloadExpected;
            return false;
        }
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read())
            {
                error = PayloadExpected;
                return false;
            }
            if (reader.TokenType == JsonTokenType.String && allowSingleString)
            {
                messages.Add(reader.GetString()!);
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        error = PayloadExpected;
                        return false;
                    }
                    messages.Add(reader.GetString()!);
                }
            }
            else
            {
                error = PayloadExpected;
                return false;
            }
            // Nothing but whitespace may follow the value; Read() throws on trailing garbage.
            if (reader.Read())
            {
                error = BrokenJson;
                return false;
            }
            return true;
        }
        catch (JsonException)
        {
            error = BrokenJson;
            return false;
        }
        catch (InvalidOperationException)
        {
            // GetString on a string with invalid escapes or lone surrogates that cannot be transcoded.
            error = BrokenJson;
            return false;
        }
    }
}
