using System.Text;
using CallCenter.Edge.SockJs;

namespace CallCenter.Edge.Stomp;

/// <summary>
/// Incremental STOMP frame decoder. Bytes arrive in arbitrary pieces: a SockJS message may hold several frames, or part of
/// one (stompjs splits large frames into chunks), so the reader buffers until a frame is complete. EOLs between frames are
/// heart-beats. Every malformed input ends in a <see cref="StompProtocolException"/> with a reason fit for the ERROR
/// frame; nothing is buffered beyond the frame size limit.
/// </summary>
internal sealed class StompFrameReader(int maxFrameBytes, int maxHeaders)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _buffer = new byte[1024];
    private int _start;
    private int _end;

    public enum Result { NeedMoreData, HeartBeat, Frame }

    /// <summary>Header escaping for frames other than CONNECT/STOMP; the session sets it once the version is negotiated.</summary>
    public StompHeaderEscaping Escaping { get; set; } = StompHeaderEscaping.Stomp12;

    /// <summary>Bytes received but not yet consumed as frames or heart-beats.</summary>
    public int Buffered => _end - _start;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        if (_end + data.Length > _buffer.Length)
        {
            var length = _end - _start;
            var needed = length + data.Length;
            if (needed > _buffer.Length)
            {
                var grown = new byte[Math.Max(needed, _buffer.Length * 2)];
                _buffer.AsSpan(_start, length).CopyTo(grown);
                _buffer = grown;
            }
            else
            {
                _buffer.AsSpan(_start, length).CopyTo(_buffer);
            }
            _start = 0;
            _end = length;
        }
        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Consumes one heart-beat or frame from the buffer, if complete.</summary>
    /// <exception cref="StompProtocolException">The buffered bytes cannot become a valid frame.</exception>
    public Result TryRead(out StompFrame? frame)
    {
        frame = null;
        var data = _buffer.AsSpan(_start, _end - _start);
        if (data.IsEmpty) return Result.NeedMoreData;

        // Heart-beats: an EOL (LF or CRLF) where a frame could start.
        if (data[0] == (byte)'\n')
        {
            Consume(1);
            return Result.HeartBeat;
        }
        if (data[0] == (byte)'\r')
        {
            if (data.Length < 2) return Result.NeedMoreData;
            if (data[1] != (byte)'\n') throw new StompProtocolException("malformed frame: carriage return without line feed");
            Consume(2);
            return Result.HeartBeat;
        }

        var commandEnd = data.IndexOf((byte)'\n');
        if (commandEnd < 0)
        {
            // Refuse garbage as soon as it cannot be the start of a command, rather than buffering up to the size limit.
            var partial = TrimCarriageReturn(data);
            if (!StompCommands.IsPrefixOfAny(partial))
            {
                throw new StompProtocolException($"unknown command '{Printable(data)}'");
            }
            return Result.NeedMoreData;
        }
        var commandBytes = TrimCarriageReturn(data[..commandEnd]);
        if (!StompCommands.TryParse(commandBytes, out var command))
        {
            throw new StompProtocolException($"unknown command '{Printable(commandBytes)}'");
        }

        var escaping = command.HasUnescapedHeaders() ? StompHeaderEscaping.None : Escaping;
        var headers = new List<KeyValuePair<string, string>>();
        var position = commandEnd + 1;
        while (true)
        {
            var lineEnd = data[position..].IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                if (data.Length > maxFrameBytes) throw TooLarge();
                return Result.NeedMoreData;
            }
            var line = TrimCarriageReturn(data.Slice(position, lineEnd));
            position += lineEnd + 1;
            if (position > maxFrameBytes) throw TooLarge();
            if (line.IsEmpty) break;
            if (headers.Count >= maxHeaders) throw new StompProtocolException($"too many headers (at most {maxHeaders})");
            var colon = line.IndexOf((byte)':');
            if (colon < 0) throw new StompProtocolException($"malformed header line '{Printable(line)}': no ':'");
            if (colon == 0) throw new StompProtocolException("malformed header line: empty header name");
            var name = Decode(line[..colon], escaping, null);
            headers.Add(KeyValuePair.Create(name, Decode(line[(colon + 1)..], escaping, name)));
        }

        int bodyEnd;
        var contentLength = First(headers, "content-length");
        if (contentLength is not null)
        {
            if (!TryParseLength(contentLength, out var length)) throw new StompProtocolException($"invalid content-length '{Printable(Encoding.UTF8.GetBytes(contentLength))}'");
            if ((long)position + length > maxFrameBytes) throw TooLarge();
            if (data.Length < position + length + 1) return Result.NeedMoreData;
            if (data[position + length] != 0) throw new StompProtocolException("frame body does not end with NUL where content-length says it does");
            bodyEnd = position + length;
        }
        else
        {
            var nul = data[position..].IndexOf((byte)0);
            if (nul < 0)
            {
                if (data.Length > maxFrameBytes) throw TooLarge();
                return Result.NeedMoreData;
            }
            bodyEnd = position + nul;
            if (bodyEnd > maxFrameBytes) throw TooLarge();
        }

        if (bodyEnd > position && !command.MayHaveBody())
        {
            throw new StompProtocolException($"{command.ToWire()} frame must not have a body");
        }
        var body = data[position..bodyEnd].ToArray();
        Consume(bodyEnd + 1);
        frame = new StompFrame(command, headers, body);
        return Result.Frame;
    }

    private void Consume(int count)
    {
        _start += count;
        if (_start == _end) _start = _end = 0;
    }

    private StompProtocolException TooLarge() => new($"frame too large (at most {maxFrameBytes} bytes)", SockJsCloseCode.TooBig);

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line)
        => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private static string? First(List<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var (key, value) in headers)
        {
            if (key == name) return value;
        }
        return null;
    }

    private static bool TryParseLength(string text, out int length)
    {
        length = 0;
        if (text.Length is 0 or > 9) return false;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') return false;
            length = length * 10 + (c - '0');
        }
        return true;
    }

    /// <param name="headerName">The header whose value this is, for the error message; null when decoding a name.</param>
    private static string Decode(ReadOnlySpan<byte> bytes, StompHeaderEscaping escaping, string? headerName)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new StompProtocolException(headerName is null ? "header name is not valid UTF-8" : $"header '{headerName}' is not valid UTF-8", SockJsCloseCode.InvalidPayload);
        }
        if (escaping == StompHeaderEscaping.None || !text.Contains('\\')) return text;

        var where = headerName is null ? "a header name" : $"header '{headerName}'";
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (++i == text.Length) throw new StompProtocolException($"incomplete escape sequence at the end of {where}");
            builder.Append(text[i] switch
            {
                'n' => '\n',
                'c' => ':',
                '\\' => '\\',
                'r' when escaping == StompHeaderEscaping.Stomp12 => '\r',
                _ => throw new StompProtocolException($"invalid escape sequence '\\{Printable(text[i])}' in {where}"),
            });
        }
        return builder.ToString();
    }

    /// <summary>Client bytes shown in an error reason: at most 32 characters, printable ASCII only.</summary>
    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes[..Math.Min(bytes.Length, 32)];
        var builder = new StringBuilder(shown.Length + 3);
        foreach (var b in shown) builder.Append(b is >= 0x20 and < 0x7f && b != (byte)'\'' ? (char)b : '?');
        if (bytes.Length > shown.Length) builder.Append("...");
        return builder.ToString();
    }

    private static string Printable(char c) => c is >= ' ' and < '\x7f' ? c.ToString() : "?";
}
