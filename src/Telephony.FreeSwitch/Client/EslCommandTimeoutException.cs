namespace CallCenter.Telephony.FreeSwitch;

/// <summary>FreeSWITCH did not answer a command within the command timeout. The connection stays up: the late reply,
/// if it ever comes, is recognised as belonging to this command and dropped.</summary>
public sealed class EslCommandTimeoutException(string command, TimeSpan timeout)
    : TimeoutException($"FreeSWITCH did not answer '{command}' within {timeout.TotalSeconds:0.###} s")
{
    public string Command { get; } = command;
}
