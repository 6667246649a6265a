
namespace CallCenter.Opr;

/// <summary>
/// An important (VIP) number's subscriptions and last known state. Key: <see cref="OprKeys.VipNumber"/>. Seats report every
/// change of a number's state on their boards; subscribers get userstate_change through their operator grain (queued while
/// offline).
/// </summary>
[Alias("opr.IVipNumberGrain")]
public interface IVipNumberGrain : IGrainWithStringKey
{
    /// <returns>The number's last known state (wire value), or null if none was seen yet.</returns>
    Task<string?> SubscribeAsync(VipSubscriber subscriber);

    Task UnsubscribeAsync(VipSubscriber subscriber);

    [OneWay]
    Task ReportAsync(UserStateReport report);
}
