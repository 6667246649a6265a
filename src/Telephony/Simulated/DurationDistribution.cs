namespace CallCenter.Telephony.Simulated;

/// <summary>
/// How long something takes in the simulated network (ring time, talk time, patience, an extension's answer delay), as a
/// distribution bindable from configuration: <c>{ "Kind": "LogNormal", "MeanSeconds": 8, "StdDevSeconds": 4 }</c>.
/// </summary>
public sealed class DurationDistribution
{
    public DistributionKind Kind { get; set; } = DistributionKind.Fixed;

    /// <summary>The mean (the value itself for <see cref="DistributionKind.Fixed"/>).</summary>
    public double MeanSeconds { get; set; }

    /// <summary>Spread of a <see cref="DistributionKind.LogNormal"/> (standard deviation of the duration itself, not of
    /// its logarithm).</summary>
    public double StdDevSeconds { get; set; }

    /// <summary>Lower bound: the range start for <see cref="DistributionKind.Uniform"/>, a floor for the others.</summary>
    public double MinSeconds { get; set; }

    /// <summary>Upper bound: the range end for <see cref="DistributionKind.Uniform"/>, a cap for the others when positive.</summary>
    public double MaxSeconds { get; set; }

    public static DurationDistribution Zero => Fixed(TimeSpan.Zero);
    public static DurationDistribution Never => new() { Kind = DistributionKind.Never };
    public static DurationDistribution Fixed(TimeSpan value) => new() { Kind = DistributionKind.Fixed, MeanSeconds = value.TotalSeconds };
    public static DurationDistribution Exponential(TimeSpan mean) => new() { Kind = DistributionKind.Exponential, MeanSeconds = mean.TotalSeconds };
    public static DurationDistribution LogNormal(TimeSpan mean, TimeSpan standardDeviation) =>
        new() { Kind = DistributionKind.LogNormal, MeanSeconds = mean.TotalSeconds, StdDevSeconds = standardDeviation.TotalSeconds };
    public static DurationDistribution Uniform(TimeSpan min, TimeSpan max) =>
        new() { Kind = DistributionKind.Uniform, MinSeconds = min.TotalSeconds, MaxSeconds = max.TotalSeconds };

    /// <summary>Draws one duration, or null for <see cref="DistributionKind.Never"/>.</summary>
    public TimeSpan? Sample(Random random)
    {
        double seconds;
        switch (Kind)
        {
            case DistributionKind.Never:
                return null;
            case DistributionKind.Fixed:
                seconds = MeanSeconds;
                break;
            case DistributionKind.Exponential:
                seconds = -MeanSeconds * Math.Log(1 - random.NextDouble());
                break;
            case DistributionKind.LogNormal:
                if (MeanSeconds <= 0) { seconds = 0; break; }
                // Parameterised by the duration's own mean and deviation, which is what operators know; convert to the
                // underlying normal's mu and sigma.
                var sigmaSquared = Math.Log(1 + StdDevSeconds * StdDevSeconds / (MeanSeconds * MeanSeconds));
                var mu = Math.Log(MeanSeconds) - sigmaSquared / 2;
                seconds = Math.Exp(mu + Math.Sqrt(sigmaSquared) * StandardNormal(random));
                break;
            case DistributionKind.Uniform:
                seconds = MinSeconds + random.NextDouble() * Math.Max(0, MaxSeconds - MinSeconds);
                break;
            default:
                throw new InvalidOperationException($"unknown distribution kind {Kind}");
        }
        if (seconds < MinSeconds) seconds = MinSeconds;
        if (MaxSeconds > 0 && seconds > MaxSeconds) seconds = MaxSeconds;
        if (seconds <= 0 || double.IsNaN(seconds)) return TimeSpan.Zero;
        // Whole milliseconds keep event timestamps readable and identical across platforms' floating-point formatting.
        return TimeSpan.FromMilliseconds(Math.Round(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2) * 1000));
    }

    public override string ToString() => Kind switch
    {
        DistributionKind.Never => "never",
        DistributionKind.Fixed => $"{MeanSeconds}s",
        DistributionKind.Uniform => $"uniform({MinSeconds}s..{MaxSeconds}s)",
        DistributionKind.LogNormal => $"lognormal(mean {MeanSeconds}s, sd {StdDevSeconds}s)",
        _ => $"{Kind.ToString().ToLowerInvariant()}(mean {MeanSeconds}s)",
    };

    private static double StandardNormal(Random random)
    {
        // Box-Muller; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
