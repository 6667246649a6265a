namespace CallCenter.Grains.Recordings;

/// <summary>The wait before the next attempt of an upload that failed <c>attempts</c> times: first, 2×first, 4×first, …
/// capped at max. No jitter: one sender per tenant, so retries do not arrive in herds.</summary>
public static class UploadBackoff
{
    public static TimeSpan Delay(int attempts, TimeSpan first, TimeSpan max)
    {
        if (attempts <= 0 || first <= TimeSpan.Zero) return TimeSpan.Zero;
        var delay = first * Math.Pow(2, Math.Min(attempts - 1, 30));
        return delay > max ? max : delay;
    }
}
