using CallCenter.Telephony;
using CallCenter.Telephony.Simulated;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallCenter.Opr.Tests;

/// <summary>
/// A seat whose turn fails unexpectedly (here: the media server times out) answers <c>service_not_available</c>, drops
/// what the turn changed in memory with its activation, and goes on from its persisted state (SeatGrain.Guard.cs).
/// </summary>
public sealed class SeatFailureTests : IAsyncLifetime
{
    private OprHarness _h = null!;
    private FaultySwitch _switch = null!;

    public async Task InitializeAsync()
    {
        _h = await OprHarness.StartAsync(services: services => services.Replace(ServiceDescriptor.Singleton<ISwitch>(sp =>
            (_switch = FaultySwitch.Around(sp.GetRequiredService<SimulatedSwitch>())).Switch)));
        await _h.GroupAsync("912", "52300112");
        await _h.SeatAsync("6", "52300001", "912", "001");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_request_that_fails_answers_service_not_available_and_the_next_call_starts_from_the_persisted_state()
    {
        var seat = _h.SeatGrain("6");
        _switch.FailNext(nameof(ISwitch.OriginateAsync), new TimeoutException("the media server did not answer"));

        var failed = await seat.DialAsync(3, BoardSide.A, "13800000001");
        Assert.False(failed.Ok);
        Assert.Equal(OprReasons.ServiceNotAvailable, failed.Reason);

        // The party the failed turn had put on board 3 went with the activation.
        var state = (await seat.GetStateAsync()).BoardState!;
        Assert.Null(state.Boards[2].A);
        Assert.Equal(BoardMode.Empty, state.Boards[2].Mode);
        Assert.Equal(1, state.ActiveBoard);
        Assert.Null(_h.FindLegTo("13800000001"));

        // The same request over the wire works now.
        var dialled = await _h.OkAsync(new { msgType = "calla", boardIndex = "3", seatId = "6", phone = "13800000001" });
        Assert.Equal("calling", dialled.State().Talk(3, "a"));
        Assert.Equal("3", dialled.State().Active());
    }

    [Fact]
    public async Task A_talk_asked_for_before_a_failure_still_times_out_after_it()
    {
        await _h.SeatAsync("7", "52300002", "912", "002");
        var seat = _h.SeatGrain("6");
        Assert.True((await seat.RequestTalkAsync(new TalkRequest("t1", "7", "002"))).Ok);
        await _h.SettleAsync();

        // A failed turn takes the activation, and the talk's timer with it; the talk itself is persisted.
        _switch.FailNext(nameof(ISwitch.OriginateAsync), new TimeoutException("the media server did not answer"));
        Assert.Equal(OprReasons.ServiceNotAvailable, (await seat.DialAsync(2, BoardSide.A, "13800000001")).Reason);
        Assert.Equal(HandsetStatus.P2pRing, (await seat.GetStateAsync()).BoardState!.CallStatus);

        await _h.AdvanceAsync(31);
        Assert.Equal(HandsetStatus.Init, (await seat.GetStateAsync()).BoardState!.CallStatus);
        Assert.Equal(HandsetStatus.Init, (await _h.SeatGrain("7").GetStateAsync()).BoardState!.CallStatus);
    }

    [Fact]
    public async Task An_event_whose_handling_fails_is_dropped_and_the_next_activation_catches_up_with_the_switch()
    {
        var six = await _h.ConnectAsync("6");
        await _h.OkAsync(new { msgType = "calla", boardIndex = "1", seatId = "6", phone = "13800000001" });
        await _h.AdvanceAsync();
        await six.NextBoardStateAsync(s => s.CallStatus() == "hook_off" && s.Talk(1, "a") == "ring", "handset up, party ringing");
        var party = _h.LegTo("13800000001").LegId;
        var handset = _h.LegTo("52300001").LegId;

        // The answer event arrives, but connecting the party to the operator fails.
        _switch.FailNext(nameof(ISwitch.ConferenceJoinAsync), new TimeoutException("the media server did not answer"));
        _h.Network.AnswerFarEnd(party);
        await _h.SettleAsync();
        Assert.False(_h.Network.CanHear(handset, party));

        // The next call activates the seat again, which reconciles with the legs the switch has.
        var state = (await _h.OkAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" })).State();
        Assert.Equal("hook_off", state.Talk(1, "a"));
        await _h.SettleAsync();
        Assert.True(_h.Network.CanHear(handset, party) && _h.Network.CanHear(party, handset));

        // Later events of the leg still reach the seat.
        _h.Network.HangupFarEnd(party);
        await six.NextBoardStateAsync(s => s.IsEmpty(1), "party gone");
    }
}
