namespace CallCenter.Telephony.FreeSwitch;

/// <summary>Exponential reconnect delays, capped, with "equal jitter": each delay is drawn from the upper half of the
/// exponential step, so retries spread out but never collapse to zero.</summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public TimeSpan Delay(int attempt)
    {
        var initialMs = Math.Max(1, initial.TotalMilliseconds);
        var ceiling = Math.Min(max.TotalMilliseconds, initialMs * Math.Pow(2, Math.Min(attempt, 30)));
        ceiling = Math.Max(ceiling, 1);
        return TimeSpan.FromMilliseconds(ceiling / 2 + _random.NextDouble() * ceiling / 2);
    }
}
