using System.Text.Json.Nodes;

namespace CallCenter.Opr.Tests;

/// <summary>Chat between operators with offline delivery, history, and VIP number subscriptions.</summary>
public sealed class MessagingTests : IAsyncLifetime
{
    private OprHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await OprHarness.StartAsync();
        await _h.GroupAsync("912", "52300112");
        await _h.GroupAsync("913", "52300113");
        await _h.SeatAsync("6", "52300001", "912", "001");
        await _h.SeatAsync("7", "52300002", "912", "002");
        await _h.SeatAsync("8", "52300003", "913", "003");
        // 004 works in group 912 but is logged out now.
        await _h.SeatAsync("9", "52300004", "912", "004");
        await _h.OkAsync(new { msgType = "opr_logout", seatId = "9" });
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Chat_to_one_to_the_group_and_to_all_reaches_offline_operators_at_their_next_login()
    {
        var six = await _h.ConnectAsync("6");
        var seven = await _h.ConnectAsync("7");
        var eight = await _h.ConnectAsync("8");

        await _h.OkAsync(new { msgType = "message", source = "001", target = "002", msg = "你好 002" });
        var direct = await seven.NextPushAsync("message_arrival");
        Assert.Equal("你好 002", direct.Str("msg"));
        Assert.Equal("001", direct.Str("operator1Id"));
        Assert.Equal("002", direct.Str("operator2Id"));
        Assert.Equal("6", direct.Str("seat1Id"));
        Assert.Equal("7", direct.Str("seat2Id"));
        Assert.True(long.Parse(direct.Str("time")) > 0);

        await _h.OkAsync(new { msgType = "message", source = "001", target = "group", msg = "to 912" });
        Assert.Equal("group", (await seven.NextPushAsync("message_arrival", m => m.Str("msg") == "to 912")).Str("type"));

        await _h.OkAsync(new { msgType = "message", source = "003", target = "all", msg = "to everyone" });
        await six.NextPushAsync("message_arrival", m => m.Str("msg") == "to everyone");
        await seven.NextPushAsync("message_arrival", m => m.Str("msg") == "to everyone");

        // The spec's curl example names seats (seat 6's operator to seat 7's).
        await _h.OkAsync(new { msgType = "message", seat2Id = "7", seat1Id = "6", msg = "hello" });
        await seven.NextPushAsync("message_arrival", m => m.Str("msg") == "hello");

        await _h.SettleAsync();
        Assert.DoesNotContain(eight.Frames, f => f["msgType"]?.GetValue<string>() == "message_arrival" && f.Str("msg") == "to 912");
        Assert.DoesNotContain(six.Frames, f => f["msgType"]?.GetValue<string>() == "message_arrival" && f.Str("msg") == "to 912");

        // 004 was offline for the group message and the one to all: both wait for the login.
        var nine = await _h.ConnectAsync("9");
        await _h.OkAsync(new { msgType = "opr_login", seatId = "9", operatorId = "004" });
        await nine.NextPushAsync("message_arrival", m => m.Str("msg") == "to 912");
        await nine.NextPushAsync("message_arrival", m => m.Str("msg") == "to everyone");

        var history = await _h.OkAsync(new { msgType = "queryhistorymsg", operatorId = "002", number = "10" });
        Assert.Equal("queryhistorymsg", history.Str("msgType"));
        var msgs = history["msgs"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Equal(["你好 002", "to 912", "to everyone", "hello"], msgs.Select(m => m.Str("msg")));
        Assert.Equal(["002", "group", "all", "002"], msgs.Select(m => m.Str("type")));
        var lastTwo = await _h.OkAsync(new { msgType = "queryhistorymsg", operatorId = "003", number = 2 });
        Assert.Equal(["to everyone"], lastTwo["msgs"]!.AsArray().Select(m => m!.Str("msg")));

        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "message", source = "005", target = "all", msg = "x" }));
    }

    [Fact]
    public async Task A_subscribed_vip_number_pushes_its_state_changes()
    {
        var six = await _h.ConnectAsync("6");
        var subscribed = await _h.OkAsync(new { msgType = "user_subscribe", seatId = "6", phoneNumber = "13900000009", operatorId = "001" });
        Assert.NotNull(subscribed["boardState"]);

        var caller = _h.Call("13900000009", "52300112");
        await _h.SettleAsync();
        await _h.OkAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "7" });
        await _h.AdvanceAsync();
        var ring = await six.NextPushAsync("userstate_change", p => p.Str("userState") == "ring");
        Assert.Equal("13900000009", ring.Str("phoneNumber"));
        Assert.Equal("001", ring.Str("operatorId"));
        Assert.Equal("6", ring.Str("seatId"));
        await six.NextPushAsync("userstate_change", p => p.Str("userState") == "hook_off");

        // Offline: the change waits for the next login.
        await _h.OkAsync(new { msgType = "opr_logout", seatId = "6" });
        _h.Network.HangupFarEnd(caller);
        await _h.SettleAsync();
        Assert.DoesNotContain(six.Frames, f => f["msgType"]?.GetValue<string>() == "userstate_change" && f.Str("userState") == "hook_on");
        await _h.OkAsync(new { msgType = "opr_login", seatId = "6", operatorId = "001" });
        await six.NextPushAsync("userstate_change", p => p.Str("userState") == "hook_on");
    }
}
