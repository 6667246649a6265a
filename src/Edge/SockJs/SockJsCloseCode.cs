namespace CallCenter.Edge.SockJs;

/// <summary>
/// Websocket close codes (RFC 6455 §7.4.1) a session ends with when the client did something wrong, so that a client
/// (and whoever reads its logs) can tell "too big" from "not UTF-8" from "not the protocol" without parsing text. Over a
/// raw websocket they are the close status; over SockJS they are the code of the <c>c[code,"reason"]</c> close frame.
/// docs/security.md, "STOMP and websocket framing".
/// </summary>
internal static class SockJsCloseCode
{
    public const int Normal = 1000;
    public const int ProtocolError = 1002;
    public const int InvalidPayload = 1007;
    public const int PolicyViolation = 1008;
    public const int TooBig = 1009;
    public const int InternalError = 1011;
}
