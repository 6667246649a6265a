namespace CallCenter.Grains.Dialer.OffHook;

public sealed class OffHookAgentState
{
    /// <summary>The off-hook leg (ringing the agent, or up); null when the agent is not off-hook.</summary>
    public string? LegId { get; set; }
    /// <summary>The leg is answered and sits in the agent's conference.</summary>
    public bool Up { get; set; }
    public string? ProjectCode { get; set; }
    /// <summary>The agent dialled fifo+projectCode (inbound leg) rather than being rung by the system.</summary>
    public bool ViaDial { get; set; }
    public DateTimeOffset Since { get; set; }
    /// <summary>How many times the system rang the agent's extension for off-hook mode (diagnostics, tests).</summary>
    public int Rings { get; set; }
}
