namespace CallCenter.Telephony.Simulated;

/// <summary>A provisioned trunk and the carrier behind it.</summary>
internal sealed class SimulatedGateway(GatewayDefinition definition)
{
    public GatewayDefinition Definition { get; set; } = definition;
    public string Name => Definition.Name;
    public bool Up { get; set; } = true;
    public bool Removed { get; set; }

    /// <summary>Live legs on the trunk, both directions, as a carrier counts concurrent channels.</summary>
    public int ActiveChannels { get; set; }

    public bool AtChannelLimit => Definition.ChannelLimit > 0 && ActiveChannels >= Definition.ChannelLimit;
}
