using CallCenter.Extensions;
using CallCenter.Telephony;

namespace CallCenter.Opr.Tests;

/// <summary>
/// Orleans keeps no order between one-way calls: the grains that receive them check what they get instead (docs/
/// opr-console.md, "Ordering"). Each test delivers two messages in the order the network may swap them to, straight to
/// the receiving grain, letting each one finish before the next.
/// </summary>
public sealed class OrderingTests : IAsyncLifetime
{
    private OprHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await OprHarness.StartAsync();
        await _h.GroupAsync("913", "52300113");
        await _h.GroupAsync("912", "52300112");
        await _h.SeatAsync("6", "52300001", "912", "001");
        await _h.SeatAsync("7", "52300002", "912", "002");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_talk_whose_end_overtook_its_offer_is_never_shown()
    {
        var seven = await _h.ConnectAsync("7");
        var seat = _h.SeatGrain("7");
        await seat.OnTalkEndedAsync("t1", "001");
        await _h.SettleAsync();
        await seat.OfferTalkAsync(new TalkOffer("t1", "6", "001", "002", "opr-demo-talk-t1"));
        await _h.SettleAsync();

        Assert.Equal(HandsetStatus.Init, (await seat.GetStateAsync()).BoardState!.CallStatus);
        Assert.DoesNotContain(seven.Frames, f => f["msgType"]?.GetValue<string>() == "talk_to_opr");
    }

    [Fact]
    public async Task A_transfer_whose_party_hung_up_first_puts_nobody_on_a_board_and_sends_nothing_back()
    {
        var seat = _h.SeatGrain("7");
        // Its hang-up event came first...
        var hungUp = new LegHungUp(HangupCauses.NormalClearing, HangupInitiator.Remote, DateTimeOffset.UnixEpoch, null, 0, 0) { LegId = "leg-1" };
        await seat.OnSwitchEventAsync(hungUp);
        await _h.SettleAsync();
        await seat.ReceiveTransferAsync(new PartyHandover("6", "001", "leg-1", "leg-1", "13900000001", TalkStatus.HookOff, null));
        // ... or reached an activation that is gone: the switch has no such leg any more.
        await seat.ReceiveTransferAsync(new PartyHandover("6", "001", "leg-2", "leg-2", "13900000002", TalkStatus.HookOff, null));
        await _h.SettleAsync();

        Assert.All((await seat.GetStateAsync()).BoardState!.Boards, b => Assert.Equal(BoardMode.Empty, b.Mode));
        Assert.All((await _h.SeatGrain("6").GetStateAsync()).BoardState!.Boards, b => Assert.Equal(BoardMode.Empty, b.Mode));
    }

    [Fact]
    public async Task A_registration_change_that_arrives_after_a_newer_one_does_not_override_it()
    {
        var seat = _h.SeatGrain("6");
        // The phone is registered; the news that it had unregistered before arrives late.
        await seat.OnExtensionRegistrationAsync(new ExtensionRegistrationChanged(OprHarness.Tenant, "52300001", false, null, DateTimeOffset.UnixEpoch));
        await _h.SettleAsync();
        Assert.Equal(OperatorStatus.Logined, (await seat.GetStateAsync()).BoardState!.OprStatus);

        Assert.True(_h.Network.UnregisterPhone("52300001", OprHarness.Domain));
        await _h.SettleAsync();
        Assert.Equal(OperatorStatus.Maintaining, (await seat.GetStateAsync()).BoardState!.OprStatus);
        // ... and the other way round.
        await seat.OnExtensionRegistrationAsync(new ExtensionRegistrationChanged(OprHarness.Tenant, "52300001", true, "sip:6@phone", DateTimeOffset.UnixEpoch));
        await _h.SettleAsync();
        Assert.Equal(OperatorStatus.Maintaining, (await seat.GetStateAsync()).BoardState!.OprStatus);
    }

    [Fact]
    public async Task Overflowed_calls_that_arrive_out_of_order_are_offered_longest_waiting_first()
    {
        await _h.SeatAsync("8", "52300003", "913", "003");
        var eight = await _h.ConnectAsync("8");
        var group = _h.Silo.Grains.GetGrain<ISeatGroupGrain>(OprKeys.SeatGroup(OprHarness.Tenant, "913"));
        var start = DateTimeOffset.UnixEpoch.AddYears(56);
        await group.AcceptOverflowAsync(new OfferedCall("later", "13900000002", start.AddSeconds(5)));
        await _h.SettleAsync();
        await group.AcceptOverflowAsync(new OfferedCall("earlier", "13900000001", start));
        await _h.SettleAsync();

        var offered = await eight.NextPushAsync("call_broadcast", p => p["calls"]!.AsArray().Count == 2);
        Assert.Equal(["earlier", "later"], offered["calls"]!.AsArray().Select(c => c!.Str("userId")));
    }
}
