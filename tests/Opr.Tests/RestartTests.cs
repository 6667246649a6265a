using CallCenter.Telephony;
using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;
using CallCenter.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallCenter.Opr.Tests;

/// <summary>
/// A control-plane restart over durable storage while the switch keeps its calls (as FreeSWITCH does when the control
/// plane restarts): seats come back with boards matching the legs the switch still has.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _blobs = Directory.CreateTempSubdirectory("opr-restart-").FullName;

    public void Dispose() => Directory.Delete(_blobs, recursive: true);

    [Fact]
    public async Task After_a_restart_a_seats_boards_match_the_calls_the_switch_still_has()
    {
        using var network = new SimulatedSwitch(new SimulatedNetworkOptions(), TimeProvider.System,
            new LocalFolderBlobStore(new LocalFolderBlobStoreOptions { Root = _blobs }));
        var builds = 0;
        Action? whileDown = null;
        await using var h = await OprHarness.StartAsync(storage: "Sqlite", virtualTime: false, services: services =>
        {
            // The same switch across the restart; the control plane is what restarts.
            services.Replace(ServiceDescriptor.Singleton(network));
            services.Replace(ServiceDescriptor.Singleton<ISwitch>(network));
            services.Replace(ServiceDescriptor.Singleton<ISimulatedNetwork>(network));
            // Built again on restart: the old process is stopped and the new one not started, so nobody hears this.
            if (builds++ > 0) whileDown?.Invoke();
        });
        await h.GroupAsync("912", "52300112");
        await h.SeatAsync("6", "52300001", "912", "001");
        var six = await h.ConnectAsync("6");

        // Board 1: caller A1 connected to B (ab). Board 2: caller A2 talking to the operator. A3 waits at the group.
        var a1 = h.Call("13900000001", "52300112");
        await h.SettleAsync();
        await h.OkAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "6" });
        await six.NextBoardStateAsync(s => s.Talk(1, "a") == "hook_off");
        await h.OkAsync(new { msgType = "callb", boardIndex = "1", seatId = "6", phone = "13800000002" });
        await six.NextBoardStateAsync(s => s.Talk(1, "b") == "ring");
        var b = h.LegTo("13800000002").LegId;
        h.Network.AnswerFarEnd(b);
        await six.NextBoardStateAsync(s => s.Talk(1, "b") == "hook_off");
        await h.OkAsync(new { msgType = "ab", boardIndex = "1", seatId = "6" });
        var a2 = h.Call("13900000002", "52300112");
        await h.SettleAsync();
        await h.OkAsync(new { msgType = "pickup_call", boardIndex = "2", seatId = "6" });
        await six.NextBoardStateAsync(s => s.Talk(2, "a") == "hook_off");
        var a3 = h.Call("13900000003", "52300112");
        var a4 = h.Call("13900000004", "52300112");
        await h.SettleAsync();
        var handset = h.LegTo("52300001").LegId;

        whileDown = () =>
        {
            network.HangupFarEnd(b);
            network.HangupFarEnd(a4);
        };
        await h.Silo.RestartAsync();

        var state = (await h.OkAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" })).State();
        Assert.Equal("logined", state.Str("oprstatus"));
        Assert.Equal("hook_off", state.CallStatus());
        Assert.Equal("2", state.Active());
        Assert.Equal("13900000001", state.Phone(1, "a"));
        Assert.Null(state.Party(1, "b"));
        Assert.Equal("sidea", state.Status(1));
        Assert.Equal("13900000002", state.Phone(2, "a"));
        Assert.Equal("hook_off", state.Talk(2, "a"));
        Assert.True(h.Network.CanHear(handset, a2) && h.Network.CanHear(a2, handset));
        Assert.False(h.Network.CanHear(handset, a1));

        // Events reach the seat again.
        var again = await h.ConnectAsync("6");
        h.Network.HangupFarEnd(a2);
        await again.NextBoardStateAsync(s => s.IsEmpty(2), "A2 gone after the restart");

        // The group still offers A3, but not A4, who hung up while the control plane was down.
        var picked = await h.OkAsync(new { msgType = "pickup_call", boardIndex = "3", seatId = "6" });
        Assert.Equal(a3, picked["call"]!.Str("userId"));
        Assert.Equal("no_call", await h.FailedAsync(new { msgType = "pickup_call", boardIndex = "4", seatId = "6" }));
    }

    [Fact]
    public async Task A_call_whose_offer_timed_out_while_the_control_plane_was_down_overflows_after_the_restart()
    {
        // Orleans does not deliver a reminder tick that fell while the silo was down; the group catches up instead.
        var clock = new VirtualClock();
        using var network = new SimulatedSwitch(new SimulatedNetworkOptions(), clock,
            new LocalFolderBlobStore(new LocalFolderBlobStoreOptions { Root = _blobs }));
        var builds = 0;
        await using var h = await OprHarness.StartAsync(storage: "Sqlite", clock: clock, services: services =>
        {
            services.Replace(ServiceDescriptor.Singleton(network));
            services.Replace(ServiceDescriptor.Singleton<ISwitch>(network));
            services.Replace(ServiceDescriptor.Singleton<ISimulatedNetwork>(network));
            // The deadline passes while nothing runs.
            if (builds++ > 0) clock.Advance(TimeSpan.FromSeconds(90));
        });
        await h.GroupAsync("913", "52300113");
        await h.GroupAsync("912", "52300112", timeout: 30, overflowGroup: "913");
        await h.SeatAsync("6", "52300001", "912", "001");
        await h.SeatAsync("8", "52300003", "913", "003");
        var caller = h.Call("13900000001", "52300112");
        await h.SettleAsync();
        await h.AdvanceAsync(5);

        await h.Silo.RestartAsync();
        await h.AdvanceAsync(11);

        var picked = await h.OkAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "8" });
        Assert.Equal(caller, picked["call"]!.Str("userId"));
        Assert.Equal("no_call", await h.FailedAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "6" }));
    }
}
