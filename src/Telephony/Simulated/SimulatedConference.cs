namespace CallCenter.Telephony.Simulated;

/// <summary>A conference room on the switch; created on first join, gone when the last member leaves.</summary>
internal sealed class SimulatedConference(string name)
{
    public string Name { get; } = name;

    /// <summary>Members in join order.</summary>
    public List<SimulatedLeg> Members { get; } = [];

    private int _lastMemberId;

    /// <summary>Member ids count up per conference, as FreeSWITCH numbers them.</summary>
    public string NextMemberId() => (++_lastMemberId).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
