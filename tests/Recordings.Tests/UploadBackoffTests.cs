using CallCenter.Grains.Recordings;

namespace CallCenter.Recordings.Tests;

public sealed class UploadBackoffTests
{
    [Fact]
    public void The_wait_doubles_from_the_first_delay_up_to_the_cap()
    {
        var first = TimeSpan.FromSeconds(2);
        var max = TimeSpan.FromSeconds(30);
        Assert.Equal(TimeSpan.Zero, UploadBackoff.Delay(0, first, max));
        Assert.Equal(
            [2, 4, 8, 16, 30, 30],
            Enumerable.Range(1, 6).Select(a => UploadBackoff.Delay(a, first, max).TotalSeconds).ToArray());
        // Many failures (a long outage) never overflow.
        Assert.Equal(max, UploadBackoff.Delay(10_000, first, max));
    }
}
