using CallCenter.Calls;

namespace CallCenter.Dialer;

/// <summary>
/// The inbound face of a call task (callType 3 / scheduleType 11): the task grain itself (same key as
/// <see cref="IDialTaskGrain"/>) claims the task's public numbers with this leg-owner kind, so the event router hands it
/// each caller's new leg. The task hands every caller to the caller's own <see cref="IInboundCallGrain"/> and keeps only
/// the queue: who waits, in which order, which agent is offered next, and the counters.
/// </summary>
/// <remarks>
/// The calls report to the task one-way (the task awaits them, so they must never await it). Orleans keeps no order
/// between one-way calls, so each report is checked against the task's own record of the call: a report of a call the
/// task no longer holds, a repeat, or one about an agent the task has since moved on from changes nothing.
/// </remarks>
[Alias("dialer.IInboundTaskGrain")]
public interface IInboundTaskGrain : ISwitchEventSink
{
    /// <summary>From an inbound call: its caller is answered (and greeted) and waits for an agent now. Queues the caller
    /// once (a repeat changes nothing).</summary>
    [OneWay]
    Task OnCallerWaitingAsync(string callId);

    /// <summary>From an inbound call: the agent the task gave it is released (after talking, or because the agent did
    /// not answer and the caller waits again, or because the call is closing).</summary>
    [OneWay]
    Task OnAgentReleasedAsync(InboundAgentRelease release);

    public const string OwnerKind = "dial-task-inbound";
}

/// <param name="Talked">The agent talked with the caller (their wrap-up starts now).</param>
/// <param name="CallerWaiting">The caller is still there and waits for another agent (this one did not answer).</param>
[GenerateSerializer, Immutable, Alias("dialer.InboundAgentRelease")]
public sealed record InboundAgentRelease(string CallId, string Username, bool Talked, bool CallerWaiting);
