using CallCenter.Calls;

namespace CallCenter.Dialer;

/// <summary>
/// One agent's off-hook (摘机, workType 20) connection for schedule-4 tasks: the leg between the agent's phone and the
/// system, kept up in a per-agent conference that customers join and leave while the agent stays on. Entered by
/// <c>/app/idle</c> with workType 20 (the system rings the extension once) or by the agent dialling
/// <c>fifo</c>+projectCode from the extension (the router hands that inbound leg here). Key: <see cref="DialerKeys.OffHook"/>;
/// leg-owner kind <see cref="OwnerKind"/>.
/// </summary>
[Alias("dialer.IOffHookAgentGrain")]
public interface IOffHookAgentGrain : ISwitchEventSink
{
    /// <summary>From the agent grain: the agent went available with workType 20. Rings the extension unless an off-hook
    /// leg already exists (ringing or up): an agent is rung once per off-hook session, never per customer.</summary>
    /// <remarks>One-way, and Orleans keeps no order between one-way calls: an Enter may arrive after the Leave the agent
    /// sent later. So neither is taken as a command: the grain reads the agent's current state and rings only if the agent
    /// (still) is available with workType 20 in that project.</remarks>
    [OneWay]
    Task EnterAsync(string projectCode, string sipDomain);

    /// <summary>From the agent grain: the agent left off-hook mode (another workType, left the project): hangs up the
    /// off-hook leg, unless the agent's current state says it wants off-hook mode again (see <see cref="EnterAsync"/>).</summary>
    [OneWay]
    Task LeaveAsync();

    /// <summary>From a schedule-4 dial call: joins the (answered) customer leg to the agent's conference. False when the
    /// agent has no off-hook leg up (the call then goes back to waiting for an agent).</summary>
    /// <remarks>Interleaves with this grain's other turns: it only reads whether the leg is up and asks the switch. A turn
    /// of this grain may be reading the agent grain (Enter, Leave, an answer), and the agent may be waiting on this very
    /// dial call (a hang-up), which waits on this join: non-interleaved, that is a three-grain deadlock. With the join
    /// interleaving, nothing the agent can wait on ever waits for this grain.</remarks>
    [AlwaysInterleave]
    Task<bool> JoinCustomerAsync(string callId, string customerLegId);

    /// <summary>The agent's off-hook leg if it is up (the agent grain follows this when told something changed, since the
    /// one-way reports may arrive in any order); null when none is. Interleaves: it only reads.</summary>
    [AlwaysInterleave]
    Task<OffHookAgentInfo?> GetAsync();

    public const string OwnerKind = "dial-offhook";

    /// <summary>What an extension dials to enter off-hook mode: <c>fifo</c> followed by the project code.</summary>
    public const string DialPrefix = "fifo";

    /// <summary>The project code of a <c>fifo</c>+projectCode destination, or null for any other destination.</summary>
    public static string? ProjectCodeOf(string? destination)
        => destination is { Length: > 4 } d && d.StartsWith(DialPrefix, StringComparison.OrdinalIgnoreCase) ? d[DialPrefix.Length..] : null;
}

/// <param name="ViaDial">The agent dialled fifo+projectCode (rather than being rung by the system).</param>
[GenerateSerializer, Immutable, Alias("dialer.OffHookAgentInfo")]
public sealed record OffHookAgentInfo(string Username, string ProjectCode, string LegId, string Conference, bool ViaDial, DateTimeOffset Since);
