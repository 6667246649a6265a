using CallCenter.Edge.Stomp;

namespace CallCenter.Stomp.Tests.Codec;

public class StompNegotiationTests
{
    [Theory]
    [InlineData("1.2,1.1,1.0", "1.2")]
    [InlineData("1.0,1.1", "1.1")]
    [InlineData("1.1, 1.0", "1.1")]
    [InlineData("1.0", "1.0")]
    [InlineData(null, "1.0")]
    [InlineData("2.0", null)]
    [InlineData("", null)]
    public void Picks_the_newest_common_version(string? offered, string? expected)
        => Assert.Equal(expected, StompNegotiation.NegotiateVersion(offered));

    [Theory]
    [InlineData("10000,10000", 10000, 10000)]
    [InlineData("0, 5000", 0, 5000)]
    [InlineData(null, 0, 0)]
    public void Parses_heart_beat(string? value, long cx, long cy)
    {
        Assert.True(StompNegotiation.TryParseHeartBeat(value, out var canSend, out var wants));
        Assert.Equal((cx, cy), (canSend, wants));
    }

    [Theory]
    [InlineData("10000")]
    [InlineData("a,b")]
    [InlineData("-1,0")]
    [InlineData("1,2,3")]
    public void Refuses_malformed_heart_beat(string value)
        => Assert.False(StompNegotiation.TryParseHeartBeat(value, out _, out _));

    [Theory]
    // client cx,cy ; server sx,sy (10000,10000) -> server sends every max(sx,cy), expects every max(cx,sy)
    [InlineData(4000, 20000, 20000, 10000)]
    [InlineData(0, 0, 0, 0)]
    [InlineData(15000, 0, 0, 15000)]
    [InlineData(0, 5000, 10000, 0)]
    public void Negotiates_heart_beat_intervals(long cx, long cy, long sendMs, long expectMs)
    {
        var (send, expect) = StompNegotiation.HeartBeats(cx, cy, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(sendMs), send);
        Assert.Equal(TimeSpan.FromMilliseconds(expectMs), expect);
    }

    [Fact]
    public void A_server_that_does_not_send_heart_beats_never_does()
        => Assert.Equal(TimeSpan.Zero, StompNegotiation.HeartBeats(10000, 10000, TimeSpan.Zero, TimeSpan.FromSeconds(10)).Send);
}
