
namespace CallCenter.Routing;

/// <summary>
/// One public number's route (a global grain, key <see cref="KeyFor"/>): phone numbers are globally unique, so the number
/// alone decides the tenant. Claiming a number another tenant holds is refused.
/// </summary>
[Alias("routing.IInboundNumberGrain")]
public interface IInboundNumberGrain : IGrainWithStringKey
{
    Task<InboundRoute?> GetRouteAsync();

    /// <exception cref="InvalidOperationException">The number belongs to another tenant.</exception>
    Task ClaimAsync(InboundRoute route);

    /// <summary>Releases the number if <paramref name="tenantId"/> holds it.</summary>
    Task ReleaseAsync(string tenantId);

    public static string KeyFor(string number) => "_did/" + number;
}
