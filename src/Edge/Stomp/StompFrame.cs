using System.Text;

namespace CallCenter.Edge.Stomp;

/// <summary>
/// One STOMP frame: command, headers in wire order (a header may repeat; the first occurrence is the one that counts, as
/// STOMP 1.2 says), and the body as bytes (content-length counts octets, not characters).
/// </summary>
internal sealed class StompFrame
{
    public StompFrame(StompCommand command, IReadOnlyList<KeyValuePair<string, string>>? headers = null, ReadOnlyMemory<byte> body = default)
    {
        Command = command;
        Headers = headers ?? [];
        Body = body;
    }

    public StompCommand Command { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in Headers)
            {
                if (key == name) return value;
            }
            return null;
        }
    }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>The headers by name, first occurrence winning.</summary>
    public IReadOnlyDictionary<string, string> HeaderMap()
    {
        var map = new Dictionary<string, string>(Headers.Count, StringComparer.Ordinal);
        foreach (var (key, value) in Headers) map.TryAdd(key, value);
        return map;
    }

    public static StompFrame Create(StompCommand command, string? body, params (string Name, string Value)[] headers)
        => new(command, headers.Select(h => KeyValuePair.Create(h.Name, h.Value)).ToList(), body is null ? default : Encoding.UTF8.GetBytes(body));

    public override string ToString() => $"{Command.ToWire()} ({Headers.Count} headers, {Body.Length} bytes)";
}
