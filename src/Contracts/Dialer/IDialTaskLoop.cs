namespace CallCenter.Dialer;

/// <summary>
/// The dial task's messages from itself and from its own dial calls (same key as <see cref="IDialTaskGrain"/>; not for
/// the edge). All one-way: the task never waits for a launch or a connect, and the calls never wait for the task (it
/// sends to them, so an awaited call back would be a cycle). Orleans keeps no order between one-way calls, so each is
/// checked against the task's own record: a report about a call the task no longer holds, or about an agent it has
/// since given another call, changes nothing.
/// </summary>
[Alias("dialer.IDialTaskLoop")]
public interface IDialTaskLoop : IGrainWithStringKey
{
    /// <summary>The task's own continuation: queued behind every event already in the mailbox, it assigns all waiting
    /// customers at once and launches the next small slice of calls. So no event waits behind a long turn, and the
    /// durable writes of many assignments and starts share the storage's group commits.</summary>
    [OneWay]
    Task ContinueAsync();

    /// <summary>From a dial call of this task: the agent it had reserved is released (the call may still be ending).</summary>
    [OneWay]
    Task OnAgentReleasedAsync(string callId, string username);

    /// <summary>From a dial call the task started: the call holds the plan durably now, so the task's stored copy (kept
    /// only to re-issue the start after a crash) can go.</summary>
    [OneWay]
    Task OnCallStartedAsync(string callId);

    /// <summary>From a dial call the task started: it could not store the plan (storage failing), so nothing was dialled;
    /// the task re-issues the start at its next reconciliation.</summary>
    [OneWay]
    Task OnCallNotStartedAsync(string callId);
}
