namespace CallCenter.Telephony;

/// <summary>The switch refused a command (e.g. <c>-ERR No such channel!</c>) or could not be reached in time.</summary>
public sealed class SwitchCommandException(string command, string reason, Exception? inner = null)
    : Exception($"switch command '{command}' failed: {reason}", inner)
{
    public string Command { get; } = command;
    public string Reason { get; } = reason;
}
