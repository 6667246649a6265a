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

    public async ValueTask<Outcome> ReadAsync(CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        while (true)
        {
            var result = await socket.ReceiveAsync(_buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return Outcome.Closed;
            _buffer.Advance(result.Count);
            if (_buffer.WrittenCount > limit) return Outcome.TooLarge;
            if (result.EndOfMessage) return Outcome.Message;
        }
    }
}
