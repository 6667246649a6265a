namespace CallCenter.Telephony.FreeSwitch;

/// <summary>What the event pump works through, strictly in order: FreeSWITCH events, connection changes, and events the
/// driver raises itself (a refused originate, an uploaded recording).</summary>
internal abstract record PumpItem
{
    public sealed record FromSwitch(EslEvent Event) : PumpItem;

    public sealed record Connected(IReadOnlyList<LiveLeg>? LiveLegs, bool Reconnected, string Reason) : PumpItem;

    public sealed record Disconnected(string Reason) : PumpItem;

    public sealed record Raised(SwitchEvent Event) : PumpItem;

    /// <summary>Completes once everything queued before it has been delivered (tests use it to settle).</summary>
    public sealed record Barrier(TaskCompletionSource Reached) : PumpItem;
}
