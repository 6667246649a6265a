namespace CallCenter.Telephony.FreeSwitch;

/// <summary>The event-socket connection is not there: never established, refused, or lost while a command was waiting
/// for its reply.</summary>
public sealed class EslConnectionException(string message, Exception? inner = null) : Exception(message, inner);
