namespace CallCenter.Edge.Stomp;

/// <summary>A client broke the STOMP protocol. <see cref="Exception.Message"/> is the short, client-facing reason that goes
/// into the ERROR frame's "message" header; it never contains secrets.</summary>
internal sealed class StompProtocolException(string reason) : Exception(reason);
