namespace CallCenter.Telephony.FreeSwitch;

/// <summary>The bytes on an event socket do not form a valid message: malformed or oversized headers, a bad
/// Content-Length, an unparsable event body, or the stream ended in the middle of a message.</summary>
public sealed class EslProtocolException(string message, Exception? inner = null) : Exception(message, inner);
