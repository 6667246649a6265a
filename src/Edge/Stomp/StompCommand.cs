namespace CallCenter.Edge.Stomp;

/// <summary>The STOMP 1.2 frame commands: the first eleven come from clients, the last four from the server.</summary>
internal enum StompCommand
{
    Connect,
    Stomp,
    Send,
    Subscribe,
    Unsubscribe,
    Ack,
    Nack,
    Begin,
    Commit,
    Abort,
    Disconnect,
    Connected,
    Message,
    Receipt,
    Error,
}

internal static class StompCommands
{
    /// <summary>Longest command name ("UNSUBSCRIBE", "DISCONNECT"...), so garbage is refused before a newline arrives.</summary>
    public const int MaxLength = 11;

    private static readonly Dictionary<string, StompCommand> ByName = Enum.GetValues<StompCommand>().ToDictionary(c => c.ToString().ToUpperInvariant(), StringComparer.Ordinal);

    /// <summary>Commands are case-sensitive upper-case ASCII on the wire.</summary>
    public static bool TryParse(ReadOnlySpan<byte> name, out StompCommand command)
    {
        command = default;
        if (name.IsEmpty || name.Length > MaxLength) return false;
        Span<char> chars = stackalloc char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] is < (byte)'A' or > (byte)'Z') return false;
            chars[i] = (char)name[i];
        }
        return ByName.TryGetValue(new string(chars), out command);
    }

    /// <summary>Whether some command starts with <paramref name="partial"/> (upper-case ASCII), i.e. whether a command line
    /// still missing its end could become valid.</summary>
    public static bool IsPrefixOfAny(ReadOnlySpan<byte> partial)
    {
        foreach (var name in ByName.Keys)
        {
            if (name.Length < partial.Length) continue;
            var match = true;
            for (var i = 0; i < partial.Length && match; i++) match = name[i] == partial[i];
            if (match) return true;
        }
        return false;
    }

    public static string ToWire(this StompCommand command) => command switch
    {
        StompCommand.Connect => "CONNECT",
        StompCommand.Stomp => "STOMP",
        StompCommand.Send => "SEND",
        StompCommand.Subscribe => "SUBSCRIBE",
        StompCommand.Unsubscribe => "UNSUBSCRIBE",
        StompCommand.Ack => "ACK",
        StompCommand.Nack => "NACK",
        StompCommand.Begin => "BEGIN",
        StompCommand.Commit => "COMMIT",
        StompCommand.Abort => "ABORT",
        StompCommand.Disconnect => "DISCONNECT",
        StompCommand.Connected => "CONNECTED",
        StompCommand.Message => "MESSAGE",
        StompCommand.Receipt => "RECEIPT",
        StompCommand.Error => "ERROR",
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    /// <summary>Only SEND, MESSAGE and ERROR frames may carry a body.</summary>
    public static bool MayHaveBody(this StompCommand command) => command is StompCommand.Send or StompCommand.Message or StompCommand.Error;

    /// <summary>CONNECT, STOMP and CONNECTED headers are never escaped, so that 1.0 peers can read them.</summary>
    public static bool HasUnescapedHeaders(this StompCommand command) => command is StompCommand.Connect or StompCommand.Stomp or StompCommand.Connected;
}
