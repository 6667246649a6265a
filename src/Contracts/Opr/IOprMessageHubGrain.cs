
namespace CallCenter.Opr;

/// <summary>
/// Operator chat of one tenant: keeps the history (persisted, bounded) and delivers each message to its addressees'
/// operator grains, which queue it while they are offline. Key: <see cref="OprKeys.MessageHub"/>.
/// </summary>
[Alias("opr.IOprMessageHubGrain")]
public interface IOprMessageHubGrain : IGrainWithStringKey
{
    /// <summary>message: to an operatorId, <c>group</c> (the sender's seat group) or <c>all</c>. The sender is logged in
    /// (<see cref="IOperatorRequestsGrain.SendMessageAsync"/> checked).</summary>
    Task<ChatResult> SendAsync(ChatRequest request);

    /// <summary>queryhistorymsg: the newest <paramref name="count"/> messages the operator sent or received, oldest first.</summary>
    Task<IReadOnlyList<ChatMessage>> QueryHistoryAsync(string operatorId, int count);
}
