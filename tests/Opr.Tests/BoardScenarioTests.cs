using System.Text.Json.Nodes;

namespace CallCenter.Opr.Tests;

/// <summary>Cord operations on the simulated network, checked through boardState and pushes as the client sees them, and
/// through who hears whom on the network.</summary>
public sealed class BoardScenarioTests : IAsyncLifetime
{
    private const string Caller = "13900000001";
    private const string Called = "13800000002";

    private OprHarness _h = null!;
    private OprPushClient _six = null!;

    public async Task InitializeAsync()
    {
        _h = await OprHarness.StartAsync();
        await _h.GroupAsync("912", "52300112");
        await _h.SeatAsync("6", "52300001", "912", "001");
        _six = await _h.ConnectAsync("6");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string Handset => _h.LegTo("52300001").LegId;

    private bool Hears(string listener, string speaker) => _h.Network.CanHear(listener, speaker);

    /// <summary>A caller picked up on <paramref name="board"/> and talking to the operator.</summary>
    private async Task<string> PickUpCallerAsync(int board = 1, string caller = Caller)
    {
        var leg = _h.Call(caller, "52300112");
        await _h.SettleAsync();
        await _h.OkAsync(new { msgType = "pickup_call", boardIndex = board.ToString(), seatId = "6" });
        await _h.AdvanceAsync();
        await _six.NextBoardStateAsync(s => s.Talk(board, "a") == "hook_off" && s.CallStatus() == "hook_off", "caller answered");
        return leg;
    }

    /// <summary>The operator dials B on board 1 and B answers.</summary>
    private async Task<string> DialAndAnswerBAsync()
    {
        var dialled = await _h.OkAsync(new { msgType = "callb", seatId = "6", boardIndex = "1", phone = Called });
        Assert.Equal("sideb", dialled.State().Status(1));
        Assert.Equal("calling", dialled.State().Talk(1, "b"));
        await _h.SettleAsync();
        await _six.NextBoardStateAsync(s => s.Talk(1, "b") == "ring", "B ringing");
        var b = _h.LegTo(Called).LegId;
        Assert.True(_h.Network.AnswerFarEnd(b));
        await _h.SettleAsync();
        await _six.NextBoardStateAsync(s => s.Talk(1, "b") == "hook_off", "B answered");
        return b;
    }

    [Fact]
    public async Task Operator_dials_b_connects_a_and_b_drops_out_and_both_parties_hang_up()
    {
        var a = await PickUpCallerAsync();
        var b = await DialAndAnswerBAsync();
        var handset = Handset;
        // Back cord: the operator talks to B, A waits on hold.
        Assert.True(Hears(handset, b) && Hears(b, handset));
        Assert.False(Hears(handset, a) || Hears(a, b));

        var joined = await _h.OkAsync(new { msgType = "ab", boardIndex = "1", seatId = "6" });
        Assert.Equal("ab", joined.State().Status(1));
        Assert.Null(joined.State().Party(1, "o"));
        Assert.True(Hears(a, b) && Hears(b, a));
        Assert.False(Hears(handset, a) || Hears(handset, b) || Hears(a, handset));

        Assert.True(_h.Network.HangupFarEnd(a));
        await _h.SettleAsync();
        var afterA = await _six.NextBoardStateAsync(s => s.Party(1, "a") is null, "A gone");
        Assert.Equal(Called, afterA.Phone(1, "b"));
        Assert.True(_h.Network.HangupFarEnd(b));
        await _h.SettleAsync();
        var empty = await _six.NextBoardStateAsync(s => s.IsEmpty(1), "board empty");
        Assert.Equal("hook_off", empty.CallStatus());
        Assert.NotNull(_h.Network.GetLeg(handset));
    }

    [Fact]
    public async Task Third_monitor_insert_split_and_force_release_drive_the_switch()
    {
        var a = await PickUpCallerAsync();
        var b = await DialAndAnswerBAsync();
        var o = Handset;

        Assert.Equal("third", (await _h.OkAsync(new { msgType = "third", boardIndex = "1", seatId = "6" })).State().Status(1));
        Assert.True(Hears(a, b) && Hears(b, a) && Hears(o, a) && Hears(a, o) && Hears(o, b) && Hears(b, o));

        var monitor = await _h.OkAsync(new { msgType = "monitor", boardIndex = "1", seatId = "6" });
        Assert.Equal("monitor", monitor.State().Status(1));
        Assert.True(Hears(o, a) && Hears(o, b) && Hears(a, b));
        Assert.False(Hears(a, o) || Hears(b, o));

        Assert.Equal("inserta", (await _h.OkAsync(new { msgType = "inserta", boardIndex = "1", seatId = "6" })).State().Status(1));
        Assert.True(Hears(a, o) && Hears(b, o) && Hears(o, a) && Hears(a, b));

        Assert.Equal("splita", (await _h.OkAsync(new { msgType = "splita", boardIndex = "1", seatId = "6" })).State().Status(1));
        Assert.True(Hears(o, a) && Hears(a, o));
        Assert.False(Hears(b, o) || Hears(a, b) || Hears(b, a));

        Assert.Equal("splitb", (await _h.OkAsync(new { msgType = "splitb", boardIndex = "1", seatId = "6" })).State().Status(1));
        Assert.True(Hears(o, b) && Hears(b, o));
        Assert.False(Hears(a, o) || Hears(a, b));

        Assert.Equal("insertb", (await _h.OkAsync(new { msgType = "insertb", boardIndex = "1", seatId = "6" })).State().Status(1));
        Assert.Equal("sideb", (await _h.OkAsync(new { msgType = "sideb", boardIndex = "1", seatId = "6" })).State().Status(1));
        Assert.Equal("sidea", (await _h.OkAsync(new { msgType = "sidea", boardIndex = "1", seatId = "6" })).State().Status(1));
        Assert.True(Hears(o, a) && !Hears(o, b));
        // Splitting needs an established A–B connection.
        Assert.Equal("invalid_state", await _h.FailedAsync(new { msgType = "splitb", boardIndex = "1", seatId = "6" }));

        var released = await _h.OkAsync(new { msgType = "releaseb", boardIndex = "1", seatId = "6" });
        Assert.Null(released.State().Party(1, "b"));
        Assert.Equal("sidea", released.State().Status(1));
        await _h.SettleAsync();
        Assert.Null(_h.Network.GetLeg(b));
        Assert.True(Hears(o, a));

        // Nothing to connect with one party only; a failed operation changes nothing.
        foreach (var op in new[] { "third", "ab", "monitor", "splita", "sideb", "releaseb" })
        {
            Assert.Equal("no_party", await _h.FailedAsync(new { msgType = op, boardIndex = "1", seatId = "6" }));
        }
        var state = (await _h.OkAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" })).State();
        Assert.Equal("sidea", state.Status(1));
        Assert.Equal(Caller, state.Phone(1, "a"));

        var cleaned = await _h.OkAsync(new { msgType = "clean_board", boardIndex = "1", seatId = "6" });
        Assert.True(cleaned.State().IsEmpty(1));
        await _h.SettleAsync();
        Assert.Null(_h.Network.GetLeg(a));
    }

    [Fact]
    public async Task Insert_barges_into_a_busy_partys_outside_conversation_and_release_drops_it()
    {
        // Extension 2001 talks to the operator at seat 7: it is busy for anyone else.
        await _h.OkAsync(new { msgType = "addSipUser", phones = new[] { "2001" }, passwds = new[] { "secret1" } });
        Assert.True(_h.Network.RegisterPhone("2001", OprHarness.Domain, "secret1"));
        _h.Network.SetPhonePolicy("2001", OprHarness.Domain, CallCenter.Telephony.Simulated.PhoneAnswerPolicy.Immediate());
        await _h.SeatAsync("7", "52300002", "912", "002");
        await _h.OkAsync(new { msgType = "calla", seatId = "7", boardIndex = "1", phone = "2001" });
        await _h.AdvanceAsync();
        var ext = _h.LegTo("2001").LegId;
        var seven = _h.LegTo("52300002").LegId;
        Assert.True(Hears(seven, ext));

        await PickUpCallerAsync();
        await _h.OkAsync(new { msgType = "callb", seatId = "6", boardIndex = "1", phone = "2001" });
        await _h.SettleAsync();
        await _six.NextBoardStateAsync(s => s.Talk(1, "b") == "busy", "2001 busy");

        var inserted = await _h.OkAsync(new { msgType = "insertb", boardIndex = "1", seatId = "6" });
        Assert.Equal("insertb", inserted.State().Status(1));
        var o = Handset;
        Assert.True(Hears(o, ext) && Hears(ext, o) && Hears(seven, o) && Hears(o, seven));
        Assert.Equal("invalid_state", await _h.FailedAsync(new { msgType = "splitb", boardIndex = "1", seatId = "6" }));

        var released = await _h.OkAsync(new { msgType = "releaseb", boardIndex = "1", seatId = "6" });
        Assert.Equal("sidea", released.State().Status(1));
        Assert.False(Hears(o, ext) || Hears(ext, o));
        Assert.True(Hears(seven, ext));
    }

    [Fact]
    public async Task Board_switch_moves_the_operators_audio_and_cross_board_moves_a_party()
    {
        var first = await PickUpCallerAsync(board: 1, caller: "13900000001");
        var second = await PickUpCallerAsync(board: 2, caller: "13900000002");
        var o = Handset;
        Assert.True(Hears(o, second) && !Hears(o, first));

        var switched = await _h.OkAsync(new { msgType = "board_switch", curBoardIndex = "2", nextBoardIndex = "1", seatId = "6" });
        Assert.Equal("1", switched.State().Active());
        Assert.True(Hears(o, first) && !Hears(o, second));
        Assert.Null(switched.State().Party(2, "o"));
        Assert.NotNull(switched.State().Party(1, "o"));

        // 倒塞: the caller on board 2 (waiting) moves to board 3 and waits there until the operator turns to it.
        var moved = await _h.OkAsync(new { msgType = "cross_board", side = "sidea", curBoardIndex = "2", nextBoardIndex = "3", seatId = "6" });
        Assert.True(moved.State().IsEmpty(2));
        Assert.Equal("13900000002", moved.State().Phone(3, "a"));
        Assert.Equal("tpring", moved.State().Talk(3, "a"));
        Assert.Equal("no_party", await _h.FailedAsync(new { msgType = "cross_board", side = "sideb", curBoardIndex = "1", nextBoardIndex = "3", seatId = "6" }));

        var taken = await _h.OkAsync(new { msgType = "board_switch", curBoardIndex = "1", nextBoardIndex = "3", seatId = "6" });
        Assert.Equal("hook_off", taken.State().Talk(3, "a"));
        Assert.True(Hears(o, second) && Hears(second, o) && !Hears(o, first));
        Assert.Equal("invalid_field:nextBoardIndex", await _h.FailedAsync(new { msgType = "board_switch", curBoardIndex = "3", nextBoardIndex = "15", seatId = "6" }));
    }

    [Fact]
    public async Task Query_phone_announces_the_number_and_then_dials_it()
    {
        var a = await PickUpCallerAsync();
        await _h.OkAsync(new { msgType = "query_phone", boardIndex = "1", seatId = "6", phoneNumber = Called, isCall = true });
        Assert.Equal("say:digits:" + Called, _h.Network.GetLeg(a)!.Playing);
        Assert.Null(_h.FindLegTo(Called));
        await _h.AdvanceAsync(5);
        var dialled = await _six.NextBoardStateAsync(s => s.Phone(1, "b") == Called, "B dialled after the announcement");
        Assert.Equal("sideb", dialled.Status(1));
        Assert.NotNull(_h.FindLegTo(Called));
    }

    [Fact]
    public async Task The_handset_state_comes_from_the_switch()
    {
        await PickUpCallerAsync();
        var handset = Handset;
        Assert.True(_h.Network.HangupFarEnd(handset));
        await _h.SettleAsync();
        var down = await _six.NextBoardStateAsync(s => s.CallStatus() == "hook_on", "handset on hook");
        Assert.Null(down.Party(1, "o"));
        Assert.Equal("sidea", down.Status(1));

        // The next operation that needs the operator calls the handset again.
        await _h.OkAsync(new { msgType = "sidea", boardIndex = "1", seatId = "6" });
        await _h.AdvanceAsync();
        await _six.NextBoardStateAsync(s => s.CallStatus() == "hook_off" && s.Talk(1, "o") == "hook_off", "handset back");
    }
}
