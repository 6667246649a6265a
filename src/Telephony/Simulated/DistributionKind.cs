namespace CallCenter.Telephony.Simulated;

public enum DistributionKind
{
    /// <summary>Always <see cref="DurationDistribution.MeanSeconds"/>.</summary>
    Fixed,
    /// <summary>Memoryless, e.g. patience or inter-arrival times.</summary>
    Exponential,
    /// <summary>Right-skewed with a long tail, the usual shape of ring and talk times.</summary>
    LogNormal,
    /// <summary>Between <see cref="DurationDistribution.MinSeconds"/> and <see cref="DurationDistribution.MaxSeconds"/>.</summary>
    Uniform,
    /// <summary>The thing never happens (a party that never hangs up, never gives up).</summary>
    Never,
}
