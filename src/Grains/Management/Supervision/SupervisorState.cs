namespace CallCenter.Grains.Management.Supervision;

public sealed class SupervisorState
{
    public EavesdropSession? Eavesdrop { get; set; }
    public ConferenceSession? Conference { get; set; }
}

/// <summary>A manager listening to one agent's call.</summary>
public sealed class EavesdropSession
{
    public string CallId { get; set; } = "";
    public string ProjectCode { get; set; } = "";
    public string TargetUsername { get; set; } = "";
    public string TargetLegId { get; set; } = "";
    public string ListenerLegId { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public bool Answered { get; set; }
}

/// <summary>A manager's conference with the agents of a project.</summary>
public sealed class ConferenceSession
{
    public string CallId { get; set; } = "";
    public string Name { get; set; } = "";
    public string ProjectCode { get; set; } = "";
    public string ManagerLegId { get; set; } = "";
    public bool ManagerAnswered { get; set; }
    public bool ManagerHungUp { get; set; }
    public string? ManagerCause { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>Agent legs: leg id → agent.</summary>
    public Dictionary<string, string> Members { get; set; } = new(StringComparer.Ordinal);
}
