namespace CallCenter.Management.Agents;

/// <summary>Who an extension of a project is for (getByCertificate's <c>type</c>).</summary>
[GenerateSerializer, Alias("management.agents.AgentRole")]
public enum AgentRole
{
    Agent = 2,
    ProjectManager = 3,
}

/// <summary>An agent's availability (the spec's <c>workStatus</c>; the values are the spec's).</summary>
[GenerateSerializer, Alias("management.agents.AgentWorkStatus")]
public enum AgentWorkStatus
{
    /// <summary>Disabled by the back office (setExtensionStatus -1): takes and places no calls.</summary>
    Unavailable = -1,
    /// <summary>Not taking calls from tasks (置忙); may still dial out.</summary>
    Busy = 0,
    /// <summary>Available for calls (置闲).</summary>
    Idle = 1,
}

/// <summary>What an agent is doing on the phone (the spec's <c>sessionStatus</c>; the values are the spec's).</summary>
[GenerateSerializer, Alias("management.agents.AgentSessionStatus")]
public enum AgentSessionStatus
{
    None = 0,
    Conference = 7,
    Talking = 10,
}

/// <summary>How an available agent gets customers (<c>/app/idle</c>'s <c>workType</c>; the values are the spec's).</summary>
[GenerateSerializer, Alias("management.agents.AgentWorkType")]
public enum AgentWorkType
{
    /// <summary>Calls are put through to the agent's phone, which rings (直接转坐席).</summary>
    Direct = 10,
    /// <summary>The agent stays connected and customers are bridged in (坐席长连接转客户, "off-hook agent").</summary>
    LongConnection = 20,
    /// <summary>Customers call in and are queued to the agent (客户拨入后接坐席).</summary>
    Inbound = 30,
}
