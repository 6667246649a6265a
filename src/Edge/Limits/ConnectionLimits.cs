namespace CallCenter.Edge.Limits;

/// <summary>The connection limits Kestrel enforces, derived from the open-file limit unless configured. Kestrel counts
/// an upgraded (websocket) connection against <see cref="MaxUpgradedConnections"/> instead of
/// <see cref="MaxConnections"/>, so the two together must fit in the descriptors left after the reserve.</summary>
/// <param name="MaxConnections">Null: unlimited (no open-file limit known and none configured).</param>
/// <param name="MaxUpgradedConnections">Null: unlimited.</param>
public sealed record ConnectionLimits(long? MaxConnections, long? MaxUpgradedConnections)
{
    private const long MinimumReserve = 256, MinimumShare = 16;

    public static ConnectionLimits Derive(ConnectionLimitOptions options, long? openFileLimit)
    {
        if (openFileLimit is not { } limit) return new(options.MaxConnections, options.MaxUpgradedConnections);
        var reserve = options.ReservedFileDescriptors ?? Math.Max(MinimumReserve, limit / 10);
        var usable = Math.Max(2 * MinimumShare, limit - reserve);
        var share = Math.Clamp(options.UpgradedShare, 0.05, 0.95);
        var upgraded = options.MaxUpgradedConnections ?? Math.Max(MinimumShare, (long)(usable * share));
        var plain = options.MaxConnections ?? Math.Max(MinimumShare, usable - upgraded);
        return new(plain, upgraded);
    }
}
