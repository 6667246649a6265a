namespace CallCenter.Management.Agents;

/// <summary>
/// An extension of a project as the back office sees it: registration from the switch, availability and session from the
/// agent's state machine, and the call in progress. Never carries the SIP password.
/// </summary>
/// <param name="Registered">A phone is registered for the extension now.</param>
/// <param name="Enabled">False after setExtensionStatus -1 (then <see cref="WorkStatus"/> is Unavailable).</param>
/// <param name="CallId">The call the agent is on or being connected to (<c>destinationUUID</c>).</param>
/// <param name="DestinationNumber">The other party of that call.</param>
/// <param name="LastSessionBeginTime">When the agent's last conversation began.</param>
/// <param name="OffHookLegId">The agent's off-hook leg (workType 20, 摘机坐席) while it is up: the agent is connected to the
/// system and customers of schedule-4 tasks are joined to it without ringing the phone.</param>
[GenerateSerializer, Immutable, Alias("management.agents.AgentSnapshot")]
public sealed record AgentSnapshot(
    string TenantId,
    string Username,
    string? ProjectCode,
    long? ProjectId,
    AgentRole Role,
    bool Enabled,
    bool Registered,
    AgentWorkStatus WorkStatus,
    AgentSessionStatus SessionStatus,
    AgentWorkType? WorkType,
    string? CallId,
    string? DestinationNumber,
    string? CallTaskCode,
    DateTimeOffset? LastSessionBeginTime,
    string? OffHookLegId = null);
