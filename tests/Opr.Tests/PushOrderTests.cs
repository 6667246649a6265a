using CallCenter.Edge.Opr;
using CallCenter.Opr.Pushes;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Opr.Tests;

/// <summary>
/// The seat push path under what Orleans allows its one-way notifications to do: arrive out of order, twice, or not at
/// all. The edge's sessions deliver by seq and fill gaps from the outbox, and its renewals catch up a lost last push, so
/// the client sees every push once, in order.
/// </summary>
public sealed class PushOrderTests : IAsyncLifetime
{
    private OprHarness _h = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <param name="renewal">How often the edge renews its subscriptions (and catches up): by default not during a test.</param>
    private async Task<OprPushClient> StartAsync(string renewal = "00:05:00")
    {
        _h = await OprHarness.StartAsync(new() { ["Opr:PushSubscriptionRenewal"] = renewal });
        await _h.GroupAsync("912", "52300112");
        await _h.SeatAsync("6", "52300001", "912", "001");
        return await _h.ConnectAsync("6");
    }

    private SeatPushFanout Fanout => _h.Silo.Services.GetRequiredService<SeatPushFanout>();

    private static string OutboxKey => OprKeys.Outbox(OprHarness.Tenant, "6");

    private ISeatPushOutboxGrain Outbox => _h.Silo.Grains.GetGrain<ISeatPushOutboxGrain>(OutboxKey);

    private static MessageArrived Message(string text) => new(new ChatMessage(0, "002", "7", "001", null, text, DateTimeOffset.UnixEpoch), "001");

    /// <summary>Appends pushes the edge is not told of (its subscription is dropped first), as if every notification
    /// were lost, and returns them as the outbox numbered them.</summary>
    private async Task<List<SequencedPush>> AppendUnnotifiedAsync(params string[] texts)
    {
        await Outbox.UnsubscribeAsync(Fanout.Reference!);
        var before = (await Outbox.ReadAsync(long.MaxValue)).LastSeq;
        await Outbox.AppendManyAsync(texts.Select(t => (OprPush)Message(t)).ToList());
        return [.. (await Outbox.ReadAsync(before)).Items];
    }

    private static IEnumerable<(long Seq, string Msg)> Messages(OprPushClient client)
        => client.Frames.Where(f => f.Str("msgType") == "message_arrival").Select(f => (f["seq"]!.GetValue<long>(), f.Str("msg")));

    [Fact]
    public async Task Pushes_delivered_out_of_order_twice_or_not_at_all_reach_the_client_once_each_in_order()
    {
        var client = await StartAsync();
        var p = await AppendUnnotifiedAsync("m1", "m2", "m3", "m4", "m5", "m6");

        // m2 never arrives, m3 overtakes m1, m5 overtakes m4, m1 and m3 arrive again late.
        await Fanout.OnSeatPushesAsync(OutboxKey, [p[2]]);
        await Fanout.OnSeatPushesAsync(OutboxKey, [p[4], p[3]]);
        await Fanout.OnSeatPushesAsync(OutboxKey, [p[0]]);
        await Fanout.OnSeatPushesAsync(OutboxKey, [p[2]]);
        await Fanout.OnSeatPushesAsync(OutboxKey, [p[5]]);

        await client.NextPushAsync("message_arrival", f => f.Str("msg") == "m6");
        Assert.Equal(p.Select(i => (i.Seq, ((MessageArrived)i.Push).Message.Text)), Messages(client));
    }

    [Fact]
    public async Task A_last_push_whose_notification_was_lost_arrives_with_the_next_renewal()
    {
        var client = await StartAsync(renewal: "00:00:00.200");
        await _h.OkAsync(new { msgType = "board_switch", curBoardIndex = "1", nextBoardIndex = "2", seatId = "6" });
        await client.NextBoardStateAsync(s => s.Active() == "2");

        var lost = await AppendUnnotifiedAsync("nobody told the edge");
        var arrived = await client.NextPushAsync("message_arrival");
        Assert.Equal(lost[0].Seq, arrived["seq"]!.GetValue<long>());
        Assert.Equal(lost[0].Seq, client.LastSeq);
    }
}
