namespace CallCenter.Telephony.FreeSwitch;

/// <summary>An originate sent as <c>bgapi</c> whose BACKGROUND_JOB has not come back yet. If the job fails before
/// FreeSWITCH created a channel there will be no channel events at all, so the driver reports the failure from this.</summary>
internal sealed record PendingOriginate(string JobUuid, OriginateRequest Request, DateTimeOffset RequestedAt, TimeSpan RingTimeout)
{
    public IReadOnlyDictionary<string, string> Variables { get; } = CallVariables(Request);

    /// <summary>The cc_* variables the leg will carry, as FreeSWITCH would echo them back.</summary>
    public static IReadOnlyDictionary<string, string> CallVariables(OriginateRequest request)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Variables ?? SwitchEvent.EmptyVariables)
        {
            if (name.StartsWith("cc_", StringComparison.Ordinal)) variables[name] = value;
        }
        variables[ChannelVariables.Call] = request.CallId;
        return variables;
    }
}
