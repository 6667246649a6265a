using CallCenter.Edge.SockJs;

namespace CallCenter.Edge.Stomp;

/// <summary>A client broke the STOMP protocol. <see cref="Exception.Message"/> is the short, client-facing reason that goes
/// into the ERROR frame's "message" header; it never contains secrets. <see cref="CloseCode"/> is the websocket close code
/// the connection ends with after the ERROR (<see cref="SockJsCloseCode"/>: 1002 unless the frame was too big, 1009, or
/// refused by policy, 1008).</summary>
internal sealed class StompProtocolException(string reason, int closeCode = SockJsCloseCode.ProtocolError) : Exception(reason)
{
    public int CloseCode { get; } = closeCode;
}
