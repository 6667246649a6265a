using System.Buffers;
using System.Net.WebSockets;

namespace CallCenter.Edge.SockJs;

/// <summary>Reads whole websocket messages (reassembling fragments) up to a size limit.</summary>
internal sealed class SockJsWebSocketReader(WebSocket socket, int limit)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public enum Outcome { Message, Closed, TooLarge }

    /// <summary>The last message read (valid until the next call).</summary>
    public ReadOnlySpan<byte> Message => _buffer.WrittenSpan;

    /// <summary>Whether the last message was a binary one.</summary>
    public bool Binary { get; private set; }

    /// <summary>Why the last read cannot be a message of a text protocol (STOMP, SockJS), with the close code to end on;
    /// null when it can. Text messages must be UTF-8 (RFC 6455 §8.1: else 1007); binary ones are accepted when their
    /// bytes are UTF-8 text (stompjs sends binary frames), else they are not the protocol (1002).</summary>
    public (int Code, string Reason)? Refusal(Outcome outcome)
    {
        if (outcome == Outcome.TooLarge) return (SockJsCloseCode.TooBig, $"message too large (at most {limit} bytes)");
        if (outcome != Outcome.Message || System.Text.Unicode.Utf8.IsValid(Message)) return null;
        return Binary
            ? (SockJsCloseCode.ProtocolError, "binary message is not UTF-8 text")
            : (SockJsCloseCode.InvalidPayload, "text message is not valid UTF-8");
    }

    public async ValueTask<Outcome> ReadAsync(CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        while (true)
        {
            var result = await socket.ReceiveAsync(_buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return Outcome.Closed;
            Binary = result.MessageType == WebSocketMessageType.Binary;
            _buffer.Advance(result.Count);
            if (_buffer.WrittenCount > limit) return Outcome.TooLarge;
            if (result.EndOfMessage) return Outcome.Message;
        }
    }
}
