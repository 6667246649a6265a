using System.Text;

namespace CallCenter.Edge.Stomp;

/// <summary>
/// Serializes frames as text (both SockJS and our websocket use text messages): command, escaped headers, a
/// content-length for every frame with a body (so bodies may contain NUL and clients need not scan), body, NUL.
/// </summary>
internal static class StompFrameWriter
{
    public static string Write(StompFrame frame, StompHeaderEscaping escaping)
    {
        var body = frame.Body.IsEmpty ? "" : Encoding.UTF8.GetString(frame.Body.Span);
        return Write(frame.Command, frame.Headers, body, frame.Body.Length, escaping);
    }

    /// <param name="bodyByteCount">The UTF-8 length of <paramref name="body"/>, when the caller already knows it (the broker
    /// computes it once per publication, not once per subscriber).</param>
    public static string Write(StompCommand command, IEnumerable<KeyValuePair<string, string>> headers, string body, int bodyByteCount, StompHeaderEscaping escaping)
    {
        if (command.HasUnescapedHeaders()) escaping = StompHeaderEscaping.None;
        var builder = new StringBuilder(64 + body.Length);
        builder.Append(command.ToWire()).Append('\n');
        foreach (var (name, value) in headers)
        {
            if (name == "content-length") continue;
            AppendEscaped(builder, name, escaping);
            builder.Append(':');
            AppendEscaped(builder, value, escaping);
            builder.Append('\n');
        }
        if (body.Length > 0 || command.MayHaveBody())
        {
            builder.Append("content-length:").Append(bodyByteCount).Append('\n');
        }
        builder.Append('\n').Append(body).Append('\0');
        return builder.ToString();
    }

    /// <summary>Escapes per version; without escaping (1.0, CONNECTED), characters that would break the frame are replaced
    /// by spaces, since there is no way to carry them.</summary>
    public static void AppendEscaped(StringBuilder builder, string text, StompHeaderEscaping escaping)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\' when escaping != StompHeaderEscaping.None: builder.Append("\\\\"); break;
                case ':' when escaping != StompHeaderEscaping.None: builder.Append("\\c"); break;
                case '\n' when escaping != StompHeaderEscaping.None: builder.Append("\\n"); break;
                case '\r' when escaping == StompHeaderEscaping.Stomp12: builder.Append("\\r"); break;
                case '\n' or '\r': builder.Append(' '); break;
                default: builder.Append(c); break;
            }
        }
    }
}
