using System.Text;

namespace CallCenter.Edge.SockJs;

/// <summary>
/// The frames a SockJS server sends: "o" (open), "h" (heartbeat), "a[...]" (messages) and "c[code,reason]" (close).
/// Strings inside frames are JSON strings with SockJS' extra escaping: besides what JSON requires, every character that
/// some browser or transport mangles (C1 controls, invisible formatting characters, line/paragraph separators,
/// specials, and UTF-16 surrogates, which cannot cross some transports unpaired) is written as a \uXXXX escape.
/// </summary>
internal static class SockJsFrames
{
    public const string Open = "o";
    public const string Heartbeat = "h";

    /// <summary>The server ended the session (the application closed it, or it timed out).</summary>
    public static readonly string GoAway = Close(3000, "Go away!");

    /// <summary>A second receiving connection for a session that already has one.</summary>
    public static readonly string AnotherConnectionStillOpen = Close(2010, "Another connection still open");

    /// <summary>The client abandoned a receiving request mid-way; the session is closed because messages may be lost.</summary>
    public static readonly string ConnectionInterrupted = Close(1002, "Connection interrupted");

    public static string Close(int code, string reason)
    {
        var builder = new StringBuilder(reason.Length + 16);
        builder.Append("c[").Append(code).Append(',');
        AppendQuoted(builder, reason);
        return builder.Append(']').ToString();
    }

    public static string Messages(IReadOnlyList<string> messages)
    {
        var length = 3;
        foreach (var message in messages) length += message.Length + 3;
        var builder = new StringBuilder(length);
        builder.Append("a[");
        for (var i = 0; i < messages.Count; i++)
        {
            if (i > 0) builder.Append(',');
            AppendQuoted(builder, messages[i]);
        }
        return builder.Append(']').ToString();
    }

    /// <summary>Appends <paramref name="value"/> as a JSON string with SockJS escaping.</summary>
    public static void AppendQuoted(StringBuilder builder, string value)
    {
        builder.Append('"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!MustEscape(c)) continue;
            builder.Append(value, start, i - start);
            start = i + 1;
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default: builder.Append("\\u").Append(((int)c).ToString("x4")); break;
            }
        }
        builder.Append(value, start, value.Length - start).Append('"');
    }

    /// <summary>Whether a UTF-16 code unit is written escaped: JSON's own set plus the ranges SockJS clients expect to be
    /// escaped (sockjs-protocol, "JSON Unicode Encoding").</summary>
    public static bool MustEscape(char c) => c switch
    {
        '"' or '\\' => true,
        <= '\u001f' => true,
        >= '\u007f' and <= '\u009f' => true,
        '\u00ad' => true,
        >= '\u0600' and <= '\u0604' => true,
        '\u070f' or '\u17b4' or '\u17b5' => true,
        >= '\u200c' and <= '\u200f' => true,
        >= '\u2028' and <= '\u202f' => true,
        >= '\u2060' and <= '\u206f' => true,
        >= '\ud800' and <= '\udfff' => true,
        '\ufeff' => true,
        >= '\ufff0' => true,
        _ => false,
    };
}
