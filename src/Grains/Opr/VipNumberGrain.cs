using CallCenter.Opr;
using CallCenter.Opr.Pushes;
using CallCenter.Tenancy;

namespace CallCenter.Grains.Opr;

public sealed class VipNumberState
{
    public List<VipSubscriber> Subscribers { get; set; } = [];
    public string? LastState { get; set; }
    public DateTimeOffset? LastChange { get; set; }
}

/// <summary>
/// An important number: who subscribed to it and its last state. Every seat reports every state change of every number
/// on its boards here (awaited, so each seat's reports arrive in order); a number nobody subscribed to costs a
/// short-lived activation and no storage.
/// </summary>
/// <remarks>Collected after two idle minutes rather than deactivated after each report: a report that reaches an activation
/// on its way out has to be forwarded to the next one, and in bursts (calling, ring, hook_off) tests saw such reports lost.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
[GrainType("opr-vip-number")]
public sealed class VipNumberGrain([PersistentState("vip")] IPersistentState<VipNumberState> store) : Grain, IVipNumberGrain
{
    private VipNumberState S => store.State;

    private string TenantId => TenantIds.Split(this.GetPrimaryKeyString()).TenantId;

    private string Phone => OprKeys.LocalId(this.GetPrimaryKeyString());

    public async Task<string?> SubscribeAsync(VipSubscriber subscriber)
    {
        // One subscription per operator: subscribing again from another seat moves it.
        S.Subscribers.RemoveAll(s => s.OperatorId == subscriber.OperatorId);
        S.Subscribers.Add(subscriber);
        await store.WriteStateAsync();
        return S.LastState;
    }

    public async Task ReportAsync(UserStateReport report)
    {
        if (S.Subscribers.Count == 0) return;
        if (S.LastState == report.UserState) return;
        S.LastState = report.UserState;
        S.LastChange = report.At;
        await store.WriteStateAsync();
        foreach (var subscriber in S.Subscribers)
        {
            await GrainFactory.GetGrain<IOperatorGrain>(OprKeys.Operator(TenantId, subscriber.OperatorId))
                .DeliverAsync(new UserStateChanged(subscriber.SeatId, subscriber.OperatorId, Phone, report.UserState, report.At));
        }
    }
}
