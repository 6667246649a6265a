using System.Text.Json.Nodes;

namespace CallCenter.Opr.Tests;

public sealed class IncomingCallTests : IAsyncLifetime
{
    private OprHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await OprHarness.StartAsync();
        await _h.GroupAsync("912", "52300112");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_call_is_broadcast_to_three_seats_and_withdrawn_from_the_others_when_one_picks_it_up()
    {
        await _h.SeatAsync("6", "52300001", "912", "001");
        await _h.SeatAsync("7", "52300002", "912", "002");
        await _h.SeatAsync("8", "52300003", "912", "003");
        var six = await _h.ConnectAsync("6");
        var seven = await _h.ConnectAsync("7");
        var eight = await _h.ConnectAsync("8");

        var caller = _h.Call("13900000001", "52300112");
        await _h.SettleAsync();
        foreach (var client in new[] { six, seven, eight })
        {
            var broadcast = await client.NextPushAsync("call_broadcast", p => p["calls"]!.AsArray().Count == 1);
            var offered = broadcast["calls"]![0]!.AsObject();
            Assert.Equal(caller, offered.Str("userId"));
            Assert.Equal("13900000001", offered.Str("phoneNumber"));
            Assert.True(long.Parse(offered.Str("callTime")) > 0);
        }

        var picked = await _h.OkAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "6", operatorId = "001" });
        Assert.Equal(caller, picked["call"]!.Str("userId"));
        Assert.Equal("sidea", picked.State().Status(1));
        Assert.Equal("13900000001", picked.State().Phone(1, "a"));
        Assert.Equal("6", picked.Str("seatId"));

        foreach (var other in new[] { seven, eight })
        {
            await other.NextPushAsync("call_broadcast", p => p["calls"]!.AsArray().Count == 0);
        }
        Assert.Equal("no_call", await _h.FailedAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "7" }));

        // The handset answers, the caller is connected: both facts come from switch events.
        await _h.AdvanceAsync();
        var talking = await six.NextBoardStateAsync(s => s.CallStatus() == "hook_off" && s.Talk(1, "a") == "hook_off", "operator talking to the caller");
        Assert.Equal("hook_off", talking.Talk(1, "o"));
        Assert.NotNull(talking.Party(1, "a")!["starttime"]);
        var handset = _h.LegTo("52300001").LegId;
        Assert.True(_h.Network.CanHear(handset, caller));
        Assert.True(_h.Network.CanHear(caller, handset));
    }
}
