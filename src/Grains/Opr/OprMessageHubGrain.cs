using CallCenter.Opr;
using CallCenter.Opr.Pushes;
using CallCenter.Tenancy;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Opr;

public sealed class OprMessageHubState
{
    public long LastId { get; set; }
    public List<ChatMessage> History { get; set; } = [];
}

/// <summary>
/// Operator chat of a tenant. A message is stored before it is delivered, and delivered through each addressee's operator
/// grain, which queues it while they are logged out. The sender was found logged in by the operator-requests worker.
/// </summary>
[GrainType("opr-message-hub")]
public sealed class OprMessageHubGrain(
    [PersistentState("messages")] IPersistentState<OprMessageHubState> store,
    TimeProvider clock,
    IOptions<OprOptions> options) : Grain, IOprMessageHubGrain
{
    public const string ToGroup = "group";
    public const string ToAll = "all";

    private OprMessageHubState S => store.State;

    private string TenantId => TenantIds.Split(this.GetPrimaryKeyString()).TenantId;

    private IOprDirectoryGrain Directory => GrainFactory.GetGrain<IOprDirectoryGrain>(OprKeys.Directory(TenantId));

    public async Task<ChatResult> SendAsync(ChatRequest request)
    {
        var group = request.SourceSeatGroupNo;
        IEnumerable<string> recipients = request.Target switch
        {
            ToAll => (await Directory.ListOperatorsAsync()).Select(o => o.OperatorId),
            ToGroup => (await Directory.ListOperatorsAsync()).Where(o => o.SeatGroupNo is not null && o.SeatGroupNo == group).Select(o => o.OperatorId),
            // A private message may go to an operator who has never logged in yet: it waits for their first login.
            var single => [single],
        };
        var message = new ChatMessage(++S.LastId, request.SourceOperatorId, request.SourceSeatId, request.Target,
            request.Target == ToGroup ? group : null, request.Text, clock.GetUtcNow());
        S.History.Add(message);
        var limit = Math.Max(1, options.Value.MessageHistoryLimit);
        if (S.History.Count > limit) S.History.RemoveRange(0, S.History.Count - limit);
        await store.WriteStateAsync();

        foreach (var recipient in recipients.Where(r => r != request.SourceOperatorId).Distinct())
        {
            await GrainFactory.GetGrain<IOperatorGrain>(OprKeys.Operator(TenantId, recipient)).DeliverAsync(new MessageArrived(message, recipient));
        }
        return new ChatResult(true, null, message);
    }

    public async Task<IReadOnlyList<ChatMessage>> QueryHistoryAsync(string operatorId, int count)
    {
        var group = (await Directory.GetOperatorAsync(operatorId))?.SeatGroupNo;
        return S.History
            .Where(m => m.SourceOperatorId == operatorId || m.Target == operatorId || m.Target == ToAll
                        || (m.Target == ToGroup && group is not null && m.SeatGroupNo == group))
            .TakeLast(Math.Max(0, count))
            .ToList();
    }
}
