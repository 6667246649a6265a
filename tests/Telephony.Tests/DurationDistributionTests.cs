using CallCenter.Telephony.Simulated;

namespace CallCenter.Telephony.Tests;

public sealed class DurationDistributionTests
{
    private static double[] Draw(DurationDistribution distribution, int count = 40_000)
    {
        var random = new Random(3);
        return Enumerable.Range(0, count).Select(_ => distribution.Sample(random)!.Value.TotalSeconds).ToArray();
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    [Fact]
    public void Exponential_draws_have_the_configured_mean()
    {
        var values = Draw(DurationDistribution.Exponential(TimeSpan.FromSeconds(20)));
        Assert.InRange(values.Average(), 19.4, 20.6);
        Assert.InRange(StandardDeviation(values), 19, 21);
    }

    [Fact]
    public void LogNormal_draws_have_the_configured_mean_and_spread()
    {
        var values = Draw(DurationDistribution.LogNormal(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(4)));
        Assert.InRange(values.Average(), 7.8, 8.2);
        Assert.InRange(StandardDeviation(values), 3.7, 4.3);
        Assert.All(values, v => Assert.True(v > 0));
    }

    [Fact]
    public void Uniform_fixed_bounds_and_never()
    {
        var uniform = Draw(DurationDistribution.Uniform(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)));
        Assert.InRange(uniform.Min(), 2, 2.01);
        Assert.InRange(uniform.Max(), 3.99, 4);
        Assert.All(Draw(DurationDistribution.Fixed(TimeSpan.FromSeconds(1.5)), 10), v => Assert.Equal(1.5, v));
        Assert.Null(DurationDistribution.Never.Sample(new Random(1)));
        var capped = new DurationDistribution { Kind = DistributionKind.Exponential, MeanSeconds = 100, MinSeconds = 5, MaxSeconds = 10 };
        Assert.All(Draw(capped, 1000), v => Assert.InRange(v, 5, 10));
    }
}
