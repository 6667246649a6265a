using System.Diagnostics.Metrics;
using CallCenter.Management.Agents;

namespace CallCenter.Grains.Telemetry;

/// <summary>
/// Meter <c>CallCenter.Agents</c>: agents by state, counted by the agent grains that are active on this silo. Each
/// activation holds one <see cref="AgentStateGauge"/> and moves its agent from the old state to the new whenever it
/// publishes a state change; a deactivation takes it out.
/// </summary>
public static class AgentMetrics
{
    public const string MeterName = "CallCenter.Agents";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly UpDownCounter<long> ByState = Meter.CreateUpDownCounter<long>("callcenter.agents", "{agent}", "Agents (active on this silo) by state: unavailable, busy, idle, talking, conference");

    /// <summary>The reported state: a call in progress wins over the availability the agent chose.</summary>
    public static string? StateOf(AgentSnapshot? agent) => agent switch
    {
        null => null,
        { SessionStatus: AgentSessionStatus.Talking } => "talking",
        { SessionStatus: AgentSessionStatus.Conference } => "conference",
        { WorkStatus: AgentWorkStatus.Idle } => "idle",
        { WorkStatus: AgentWorkStatus.Busy } => "busy",
        _ => "unavailable",
    };
}

/// <summary>One agent activation's contribution to <c>callcenter.agents</c>.</summary>
public sealed class AgentStateGauge
{
    private string? _reported;

    /// <param name="state">The agent's state now, or null when it no longer counts (removed, deactivated).</param>
    public void Report(string? state)
    {
        if (state == _reported) return;
        if (_reported is not null) AgentMetrics.ByState.Add(-1, new KeyValuePair<string, object?>("state", _reported));
        if (state is not null) AgentMetrics.ByState.Add(1, new KeyValuePair<string, object?>("state", state));
        _reported = state;
    }
}
