using CallCenter.Management.Calls;
using CallCenter.Management.Gateways;
using CallCenter.Telephony;

namespace CallCenter.Grains.Management.Calls;

public sealed class AgentCallGrainState
{
    public AgentCallPlan? Plan { get; set; }
    public AgentCallState State { get; set; } = AgentCallState.RingingAgent;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? ConnectedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>The agent now on the call (changes on transfer).</summary>
    public string CurrentAgent { get; set; } = "";
    public string? AgentLegId { get; set; }
    public string? CustomerLegId { get; set; }
    public Dictionary<string, CallLeg> Legs { get; set; } = new(StringComparer.Ordinal);
    public GatewayReservation? Gateway { get; set; }
    public string? RecordingKey { get; set; }
    public bool RecordingClosed { get; set; }
    /// <summary>"agent" or "customer": who put the phone down first once connected (resultDetail 50 or 55).</summary>
    public string? FirstToHangUp { get; set; }
    public int? Evaluation { get; set; }
    public PendingTransfer? Transfer { get; set; }
    /// <summary>Agents told the call started and not yet told it ended (their reservation must be released).</summary>
    public HashSet<string> AttachedAgents { get; set; } = new(StringComparer.Ordinal);
    public bool Logged { get; set; }
}

public enum CallLegRole
{
    /// <summary>The initiating (or current) agent's phone.</summary>
    Agent,
    /// <summary>The other party: the customer through a gateway, or the called agent of a manager's call.</summary>
    Customer,
    /// <summary>The phone of the agent a transfer is handing the customer to, while it rings.</summary>
    TransferTarget,
    /// <summary>An agent's phone that is no longer part of the conversation (handed over).</summary>
    Released,
}

public sealed class CallLeg
{
    public CallLegRole Role { get; set; }
    public string? Username { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Answered { get; set; }
    public bool HungUp { get; set; }
    public string? Cause { get; set; }
    public int BillSeconds { get; set; }
}

public sealed record PendingTransfer(string FromUsername, string ToUsername, string LegId);
