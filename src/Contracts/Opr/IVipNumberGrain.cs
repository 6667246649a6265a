
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

    /// <summary>Awaited by the seats: a number's changes must reach its subscribers in the order they happened, which
    /// Orleans does not promise for one-way calls.</summary>
    Task ReportAsync(UserStateReport report);
}
