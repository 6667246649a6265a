using System.Text.Json.Nodes;
using CallCenter.Edge.Opr;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCenter.Opr.Tests;

/// <summary>The two ways pushes reach a client: the websocket with resumable sequence numbers, and HTTP callbacks.</summary>
public sealed class PushDeliveryTests
{
    private static long Seq(JsonObject frame) => frame["seq"]!.GetValue<long>();

    [Fact]
    public async Task A_websocket_client_that_reconnects_resumes_after_the_last_push_it_saw_without_loss()
    {
        await using var h = await OprHarness.StartAsync(new() { ["Opr:OutboxRetention"] = "16" });
        await h.GroupAsync("912", "52300112");
        await h.SeatAsync("6", "52300001", "912", "001");
        await h.SeatAsync("7", "52300002", "912", "002");

        var first = await h.ConnectAsync("6");
        await h.OkAsync(new { msgType = "board_switch", curBoardIndex = "1", nextBoardIndex = "2", seatId = "6" });
        await first.NextBoardStateAsync(s => s.Active() == "2");
        var seen = first.LastSeq;
        await first.CloseAsync();

        // While the client is away: two board changes and a chat message.
        await h.OkAsync(new { msgType = "board_switch", curBoardIndex = "2", nextBoardIndex = "3", seatId = "6" });
        await h.OkAsync(new { msgType = "message", source = "002", target = "001", msg = "while you were away" });
        await h.OkAsync(new { msgType = "board_switch", curBoardIndex = "3", nextBoardIndex = "4", seatId = "6" });

        var again = await h.ConnectAsync("6", since: seen);
        Assert.True(again.Frames[0]["complete"]!.GetValue<bool>());
        await again.NextBoardStateAsync(s => s.Active() == "4", "the last change");
        var resumed = again.Frames.Skip(1).ToList();
        Assert.Equal(Enumerable.Range(1, resumed.Count).Select(i => seen + i), resumed.Select(Seq));
        Assert.Equal(["boardStateChange", "message_arrival", "boardStateChange"], resumed.Select(f => f.Str("msgType")));

        // Live pushes continue the same sequence.
        await h.OkAsync(new { msgType = "board_switch", curBoardIndex = "4", nextBoardIndex = "5", seatId = "6" });
        await again.NextBoardStateAsync(s => s.Active() == "5");
        Assert.Equal(seen + 4, again.LastSeq);

        // Too far behind (the outbox keeps 16): told so, to start again from getSeatState.
        for (var i = 0; i < 20; i++) await h.OkAsync(new { msgType = "board_switch", curBoardIndex = "1", nextBoardIndex = (i % 14 + 1).ToString(), seatId = "6" });
        var stale = await h.ConnectAsync("6", since: 1);
        Assert.False(stale.Frames[0]["complete"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Pushes_reach_the_callback_url_of_a_client_that_fails_twice_then_answers()
    {
        await using var flaky = await CallbackClient.StartAsync(failures: 2);
        await using var h = await OprHarness.StartAsync(new() { ["Opr:Callbacks:RetryDelay"] = "00:00:00", ["Opr:Callbacks:MaxAttempts"] = "3" });
        await h.GroupAsync("912", "52300112");
        await h.SeatAsync("6", "52300001", "912");
        await h.OkAsync(new { msgType = "opr_login", seatId = "6", operatorId = "001", callbackUrl = flaky.Url.ToString() });

        var login = await flaky.NextAsync();
        Assert.Equal("boardStateChange", login.Str("msgType"));
        Assert.Equal("logined", login["boardState"]!.Str("oprstatus"));
        Assert.Equal(3, flaky.Attempts);

        await h.OkAsync(new { msgType = "board_switch", curBoardIndex = "1", nextBoardIndex = "2", seatId = "6" });
        var switched = await flaky.NextAsync();
        Assert.Equal("2", switched["boardState"]!.Str("activedBoard"));
        Assert.Equal(Seq(login) + 1, Seq(switched));

        var caller = h.Call("13900000001", "52300112");
        await h.SettleAsync();
        var broadcast = await flaky.NextAsync(p => p.Str("msgType") == "call_broadcast");
        Assert.Equal(caller, broadcast["calls"]![0]!.Str("userId"));
    }

    [Fact]
    public async Task A_client_that_never_answers_gets_a_bounded_number_of_attempts_and_later_pushes_still_flow()
    {
        await using var dead = await CallbackClient.StartAsync(failures: 3);
        await using var h = await OprHarness.StartAsync(new() { ["Opr:Callbacks:RetryDelay"] = "00:00:00", ["Opr:Callbacks:MaxAttempts"] = "3" });
        await h.GroupAsync("912", "52300112");
        await h.SeatAsync("6", "52300001", "912");
        await h.OkAsync(new { msgType = "opr_login", seatId = "6", operatorId = "001", callbackUrl = dead.Url.ToString() });
        await h.OkAsync(new { msgType = "board_switch", curBoardIndex = "1", nextBoardIndex = "2", seatId = "6" });
        // The login push failed all 3 attempts and was given up; the next one arrives.
        var next = await dead.NextAsync();
        Assert.Equal("2", next["boardState"]!.Str("activedBoard"));
        Assert.Equal(4, dead.Attempts);
    }

    [Fact]
    public async Task Callback_work_announced_while_no_worker_listened_is_announced_again()
    {
        await using var client = await CallbackClient.StartAsync();
        await using var h = await OprHarness.StartAsync();
        await h.GroupAsync("912", "52300112");
        await h.SeatAsync("6", "52300001", "912");
        var dispatcher = h.Silo.Services.GetServices<IHostedService>().OfType<OprCallbackDispatcher>().Single();
        var workers = h.Silo.Grains.GetGrain<IOprCallbackWorkersGrain>(OprKeys.CallbackWorkers);

        // As after the workers grain lost its subscriptions: the announcement of the login's push reaches nobody.
        await workers.UnsubscribeAsync(dispatcher.Reference!);
        await h.OkAsync(new { msgType = "opr_login", seatId = "6", operatorId = "001", callbackUrl = client.Url.ToString() });
        await h.SettleAsync();
        Assert.Empty(client.Delivered);

        // The edge renews; the outbox announces again within a lease period.
        await workers.SubscribeAsync(dispatcher.Reference!);
        await h.AdvanceAsync(121);
        var login = await client.NextAsync();
        Assert.Equal("logined", login["boardState"]!.Str("oprstatus"));
    }

    [Fact]
    public async Task The_default_callback_is_the_clients_address_and_a_talk_can_be_accepted_in_the_callback_reply()
    {
        await using var client = await CallbackClient.StartAsync();
        client.TalkResponse = "accept";
        // As the original: http://<client ip>:8082/ — here the test listener's port stands in for 8082.
        await using var h = await OprHarness.StartAsync(new() { ["Opr:Callbacks:DefaultUrl"] = $"http://{{clientIp}}:{client.Url.Port}/" });
        await h.GroupAsync("912", "52300112");
        await h.SeatAsync("6", "52300001", "912");
        await h.SeatAsync("7", "52300002", "912");
        await h.OkAsync(new { msgType = "opr_login", seatId = "6", operatorId = "001", callbackUrl = "none" });
        await h.OkAsync(new { msgType = "opr_login", seatId = "7", operatorId = "002" });
        await client.NextAsync(p => p.Str("msgType") == "boardStateChange" && p.Str("seatId") == "7");

        var reply = await h.PostAsync(new { msgType = "talk_to_opr", operator1Id = "001", operator2Id = "002" });
        Assert.Equal("ok", reply.Str("status"));
        var offer = await client.NextAsync(p => p.Str("msgType") == "talk_to_opr");
        Assert.Equal("001", offer.Str("operator1Id"));
        await client.NextAsync(p => p.Str("msgType") == "boardStateChange" && p["boardState"]!.Str("callstatus") == "p2p_answer");
        // Seat 6 asked for no callbacks.
        Assert.DoesNotContain(client.Delivered, p => p["seatId"]?.GetValue<string>() == "6");
    }
}
