namespace CallCenter.Opr.Tests;

/// <summary>A call nobody picks up in time leaves the group (virtual clock).</summary>
public sealed class OverflowTests : IAsyncLifetime
{
    private OprHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await OprHarness.StartAsync();
        await _h.GroupAsync("913", "52300113");
        await _h.GroupAsync("912", "52300112", timeout: 30, overflowGroup: "913");
        await _h.SeatAsync("6", "52300001", "912", "001");
        await _h.SeatAsync("8", "52300003", "913", "003");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task An_unanswered_call_overflows_to_the_next_group_after_the_timeout()
    {
        var six = await _h.ConnectAsync("6");
        var eight = await _h.ConnectAsync("8");
        var caller = _h.Call("13900000001", "52300112");
        await _h.SettleAsync();
        await six.NextPushAsync("call_broadcast", p => p["calls"]!.AsArray().Count == 1);

        await _h.AdvanceAsync(29);
        Assert.DoesNotContain(eight.Frames, f => f["msgType"]?.GetValue<string>() == "call_broadcast" && f["calls"]!.AsArray().Count > 0);
        await _h.AdvanceAsync(2);
        await six.NextPushAsync("call_broadcast", p => p["calls"]!.AsArray().Count == 0);
        var offered = await eight.NextPushAsync("call_broadcast", p => p["calls"]!.AsArray().Count == 1);
        Assert.Equal(caller, offered["calls"]![0]!.Str("userId"));

        var picked = await _h.OkAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "8" });
        Assert.Equal("13900000001", picked.State().Phone(1, "a"));
    }

    [Fact]
    public async Task Without_an_overflow_target_the_call_is_released()
    {
        await _h.GroupAsync("914", "52300114", timeout: 10);
        var caller = _h.Call("13900000002", "52300114");
        await _h.SettleAsync();
        Assert.NotNull(_h.Network.GetLeg(caller));
        await _h.AdvanceAsync(11);
        Assert.Null(_h.Network.GetLeg(caller));
    }
}
