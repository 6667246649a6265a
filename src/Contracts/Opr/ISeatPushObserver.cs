using CallCenter.Opr.Pushes;

namespace CallCenter.Opr;

/// <summary>
/// An edge process holding websocket sessions of a seat: subscribed at the seat's outbox
/// (<see cref="ISeatPushOutboxGrain.SubscribeAsync"/>) while it has any, one observer per edge, which fans out to its
/// sessions of that seat.
/// </summary>
[Alias("opr.ISeatPushObserver")]
public interface ISeatPushObserver : IGrainObserver
{
    /// <summary>New pushes of the seat whose outbox key is <paramref name="outboxKey"/>. Orleans does not promise their
    /// order: sessions deliver by <see cref="SequencedPush.Seq"/> and fill gaps from the outbox.</summary>
    [OneWay]
    Task OnSeatPushesAsync(string outboxKey, IReadOnlyList<SequencedPush> pushes);
}
