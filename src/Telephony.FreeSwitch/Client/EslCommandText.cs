using System.Text;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>Builds the bytes of a command and the form of it that may be logged.</summary>
internal static class EslCommandText
{
    /// <summary>A command is one line plus optional header lines, ended by a blank line. A line break inside any part
    /// would end the command early and let the rest be read as a second command, so it is refused outright.</summary>
    public static byte[] Encode(string command, IEnumerable<KeyValuePair<string, string>>? headers, string? body)
    {
        RequireSingleLine(command, "command");
        var text = new StringBuilder(command.Length + 64).Append(command).Append('\n');
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                RequireSingleLine(name, "header name");
                RequireSingleLine(value, $"header '{name}'");
                text.Append(name).Append(": ").Append(value).Append('\n');
            }
        }
        if (body is not null)
        {
            text.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append('\n');
        }
        text.Append('\n');
        if (body is not null) text.Append(body);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>What may appear in a log: secrets after <c>auth</c>/<c>userauth</c> are masked.</summary>
    public static string ForLog(string command)
    {
        if (command.StartsWith("auth ", StringComparison.OrdinalIgnoreCase)) return "auth ********";
        if (command.StartsWith("userauth ", StringComparison.OrdinalIgnoreCase)) return "userauth ********";
        return command.Length > 200 ? command[..200] + "..." : command;
    }

    private static void RequireSingleLine(string value, string what)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0 || value.Contains('\0'))
        {
            throw new ArgumentException($"an event-socket {what} must not contain line breaks", what);
        }
    }
}
