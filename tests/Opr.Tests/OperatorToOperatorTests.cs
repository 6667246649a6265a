using System.Text.Json.Nodes;

namespace CallCenter.Opr.Tests;

/// <summary>Transfers between seats and operator-to-operator talk (席连).</summary>
public sealed class OperatorToOperatorTests : IAsyncLifetime
{
    private OprHarness _h = null!;
    private OprPushClient _six = null!;
    private OprPushClient _seven = null!;

    public async Task InitializeAsync()
    {
        _h = await OprHarness.StartAsync();
        await _h.GroupAsync("912", "52300112");
        await _h.SeatAsync("6", "52300001", "912", "001");
        await _h.SeatAsync("7", "52300002", "912", "002");
        _six = await _h.ConnectAsync("6");
        _seven = await _h.ConnectAsync("7");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Transfer_hands_a_party_to_another_seat_which_takes_it_onto_a_board()
    {
        var caller = _h.Call("13900000001", "52300112");
        await _h.SettleAsync();
        await _h.OkAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "6" });
        await _h.AdvanceAsync();
        await _six.NextBoardStateAsync(s => s.Talk(1, "a") == "hook_off", "caller on board 1");

        Assert.Equal("same_seat", await _h.FailedAsync(new { msgType = "transfer_opr", side = "sidea", boardIndex = "1", targetSeat = "6", seatId = "6" }));
        Assert.Equal("operator2_not_logined", await _h.FailedAsync(new { msgType = "transfer_opr", side = "sidea", boardIndex = "1", targetSeat = "9", seatId = "6" }));

        var sent = await _h.OkAsync(new { msgType = "transfer_opr", side = "sidea", boardIndex = "1", targetSeat = "7", seatId = "6", userId = caller });
        Assert.True(sent.State().IsEmpty(1));
        await _h.SettleAsync();

        // The board state first (persisted), then the transfer notice naming the board.
        var waiting = await _seven.NextBoardStateAsync(s => s.Talk(2, "a") == "tpring", "caller waiting at seat 7");
        Assert.Equal("sidea", waiting.Status(2));
        var push = await _seven.NextPushAsync("push_transfer_to_opr");
        Assert.Equal("6", push.Str("FromSeatId"));
        Assert.Equal("7", push.Str("ToSeatId"));
        Assert.Equal(caller, push.Str("userId"));
        Assert.Equal("13900000001", push.Str("phone"));
        // Seat 7's active board is 1, so the caller waits on the first other free board.
        Assert.Equal("2", push.Str("boardIndex"));
        Assert.Equal(CallCenter.Telephony.LegState.Held, _h.Network.GetLeg(caller)!.State);

        // Seat 7's handset is called for it; once it is up the operator takes the caller.
        var switched = await _h.OkAsync(new { msgType = "board_switch", curBoardIndex = "1", nextBoardIndex = "2", seatId = "7" });
        Assert.Equal("invite", switched.State().CallStatus());
        await _h.AdvanceAsync();
        await _seven.NextBoardStateAsync(s => s.Talk(2, "a") == "hook_off" && s.Talk(2, "o") == "hook_off", "caller taken at seat 7");
        var handset7 = _h.LegTo("52300002").LegId;
        Assert.True(_h.Network.CanHear(handset7, caller) && _h.Network.CanHear(caller, handset7));

        // Its events now reach seat 7.
        Assert.True(_h.Network.HangupFarEnd(caller));
        await _h.SettleAsync();
        await _seven.NextBoardStateAsync(s => s.IsEmpty(2), "caller gone at seat 7");
    }

    [Fact]
    public async Task Talk_to_operator_accepted_connects_the_two_handsets_until_one_hangs_up()
    {
        var request = _h.PostAsync(new { msgType = "talk_to_opr", operator1Id = "001", operator2Id = "002" });
        await _seven.NextBoardStateAsync(s => s.CallStatus() == "p2p_ring", "seat 7 offered a talk");
        var offer = await _seven.NextPushAsync("talk_to_opr");
        Assert.Equal("001", offer.Str("operator1Id"));
        Assert.Equal("002", offer.Str("operator2Id"));

        var accepted = await _h.OkAsync(new { msgType = "accept", operator1Id = "001", operator2Id = "002" });
        Assert.Equal("p2p_answer", accepted.State().CallStatus());
        var reply = await request;
        Assert.Equal("ok", reply.Str("status"));
        await _h.AdvanceAsync();
        await _six.NextBoardStateAsync(s => s.CallStatus() == "p2p_answer", "seat 6 talking");
        var one = _h.LegTo("52300001").LegId;
        var two = _h.LegTo("52300002").LegId;
        Assert.True(_h.Network.CanHear(one, two) && _h.Network.CanHear(two, one));

        await _h.OkAsync(new { msgType = "hangup_to_opr", operator1Id = "002", operator2Id = "001" });
        await _h.SettleAsync();
        await _six.NextBoardStateAsync(s => s.CallStatus() == "hook_off", "seat 6 back to its boards");
        var forwarded = await _six.NextPushAsync("hangup_to_opr");
        Assert.Equal("002", forwarded.Str("by"));
        Assert.False(_h.Network.CanHear(one, two));
        Assert.NotNull(_h.Network.GetLeg(one));
        Assert.NotNull(_h.Network.GetLeg(two));
    }

    [Fact]
    public async Task Talk_to_operator_rejected_or_to_an_absent_operator_fails_the_request()
    {
        // The spec's curl example names seats instead of operators.
        var request = _h.PostAsync("""{"msgType":"talk_to_opr","seat2Id":"7","seat1Id":"6"}""");
        await _seven.NextPushAsync("talk_to_opr");
        await _h.OkAsync(new { msgType = "reject", operator1Id = "001", operator2Id = "002" });
        var reply = await request;
        Assert.Equal("failed", reply.Str("status"));
        Assert.Equal("reject", reply.Str("reason"));
        var state = (await _h.OkAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" })).State();
        Assert.Equal("init", state.CallStatus());

        Assert.Equal("operator2_not_logined", await _h.FailedAsync(new { msgType = "talk_to_opr", operator1Id = "001", operator2Id = "005" }));
        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "talk_to_opr", operator1Id = "004", operator2Id = "001" }));
        Assert.Equal("no_talk", await _h.FailedAsync(new { msgType = "accept", operator1Id = "001", operator2Id = "002" }));
        Assert.Equal("no_talk", await _h.FailedAsync(new { msgType = "hangup_to_opr", operator1Id = "001", operator2Id = "002" }));
    }

    [Fact]
    public async Task An_unanswered_talk_times_out_with_no_answer()
    {
        var request = _h.PostAsync(new { msgType = "talk_to_opr", operator1Id = "001", operator2Id = "002" });
        await _seven.NextPushAsync("talk_to_opr");
        await _h.AdvanceAsync(31);
        var reply = await request;
        Assert.Equal("no_answer", reply.Str("reason"));
        await _seven.NextPushAsync("hangup_to_opr");
    }
}
