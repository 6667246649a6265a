
namespace CallCenter.Dialer;

/// <summary>How often a tenant's tasks called one number on a local day: the daily limit. Key: <see cref="DialerKeys.NumberUsage"/>.</summary>
[Alias("dialer.INumberUsageGrain")]
public interface INumberUsageGrain : IGrainWithStringKey
{
    /// <summary>Counts one call on <paramref name="localDate"/> ("yyyy-MM-dd") unless <paramref name="limit"/> calls were
    /// already counted that day. Idempotent per <paramref name="callId"/>.</summary>
    Task<bool> TryCountAsync(string localDate, int limit, string callId);
}
