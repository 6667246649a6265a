using CallCenter.Grains.Opr;
using CallCenter.Runtime.Serialization;

namespace CallCenter.Opr.Tests;

/// <summary>
/// Who sits where: the operator's grain owns it (it grants a seat before the seat opens the session and is released after
/// the seat closed it); requests that name operators find their seats through it (docs/opr-console.md, "Who sits where").
/// </summary>
public sealed class SeatOwnershipTests : IAsyncLifetime
{
    private OprHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await OprHarness.StartAsync();
        await _h.GroupAsync("912", "52300112");
        await _h.SeatAsync("6", "52300001", "912", "001");
        await _h.SeatAsync("7", "52300002", "912");
        await _h.SeatAsync("8", "52300003", "912", "003");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private IOperatorGrain Operator(string operatorId) => _h.Silo.Grains.GetGrain<IOperatorGrain>(OprKeys.Operator(OprHarness.Tenant, operatorId));

    [Fact]
    public async Task An_operator_sits_at_one_seat_at_a_time_and_the_operator_grain_says_which()
    {
        Assert.Equal("6", await Operator("001").GetSeatAsync());
        Assert.Equal("operator_logined_elsewhere", await _h.FailedAsync(new { msgType = "opr_login", seatId = "7", operatorId = "001" }));
        Assert.Null((await _h.SeatGrain("7").GetInfoAsync())!.OperatorId);

        await _h.OkAsync(new { msgType = "opr_logout", seatId = "6" });
        Assert.Null(await Operator("001").GetSeatAsync());
        await _h.OkAsync(new { msgType = "opr_login", seatId = "7", operatorId = "001" });
        Assert.Equal("7", await Operator("001").GetSeatAsync());

        // Requests that name the operator follow them to seat 7.
        await _h.OkAsync(new { msgType = "message", source = "003", target = "001", msg = "where are you" });
        var seven = await _h.ConnectAsync("7", since: 0);
        Assert.Equal("7", (await seven.ReceivedAsync("message_arrival")).Str("seat2Id"));
        Assert.Equal("no_talk", await _h.FailedAsync(new { msgType = "hangup_to_opr", operator1Id = "001" }));
    }

    [Fact]
    public async Task A_grant_whose_seat_never_opened_the_session_does_not_make_the_operator_logged_in()
    {
        // As a crash between the operator grain's grant and the seat's own write leaves it: 004 granted seat 7, which
        // never opened 004's session.
        Assert.Null(await Operator("004").LoginAsync("7"));

        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "talk_to_opr", operator1Id = "004", operator2Id = "001" }));
        Assert.Equal("operator2_not_logined", await _h.FailedAsync(new { msgType = "talk_to_opr", operator1Id = "001", operator2Id = "004" }));
        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "message", source = "004", target = "all", msg = "x" }));
        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "accept", operator2Id = "004" }));

        // The grant stands (it is the owner's word): logging in at that seat completes it.
        await _h.OkAsync(new { msgType = "opr_logout", seatId = "8" });
        Assert.Equal("operator_logined_elsewhere", await _h.FailedAsync(new { msgType = "opr_login", seatId = "8", operatorId = "004" }));
        await _h.OkAsync(new { msgType = "opr_login", seatId = "7", operatorId = "004" });
        await _h.OkAsync(new { msgType = "message", source = "004", target = "all", msg = "here now" });
    }

    [Fact]
    public async Task Two_seats_transferring_to_each_other_at_once_both_go_through()
    {
        await _h.OkAsync(new { msgType = "opr_login", seatId = "7", operatorId = "002" });
        var first = _h.Call("13900000001", "52300112");
        await _h.SettleAsync();
        await _h.OkAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "6", userId = first });
        var second = _h.Call("13900000002", "52300112");
        await _h.SettleAsync();
        await _h.OkAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "7", userId = second });
        await _h.AdvanceAsync();

        // Each checks the other has an operator while the other's turn is waiting for the same answer.
        var results = await Task.WhenAll(
            _h.SeatGrain("6").TransferAsync(new TransferRequest(1, BoardSide.A, null, "7")),
            _h.SeatGrain("7").TransferAsync(new TransferRequest(1, BoardSide.A, null, "6"))).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(results, r => Assert.True(r.Ok, r.Reason));
        await _h.SettleAsync();
        var six = (await _h.SeatGrain("6").GetStateAsync()).BoardState!;
        var seven = (await _h.SeatGrain("7").GetStateAsync()).BoardState!;
        Assert.Contains(six.Boards, b => b.A?.UserId == second);
        Assert.Contains(seven.Boards, b => b.A?.UserId == first);
    }

    [Fact]
    public void A_directory_stored_before_the_operator_grain_owned_seats_still_reads()
    {
        const string stored = """
            {"Groups":["912"],"Seats":{"6":"912"},
             "Operators":{"001":{"OperatorId":"001","SeatId":"6","SeatGroupNo":"912"},"004":{"OperatorId":"004","SeatId":null,"SeatGroupNo":"912"}}}
            """;
        var state = JsonGrainStateSerializer.Instance.Deserialize<OprDirectoryState>(BinaryData.FromString(stored));
        Assert.Equal([new OperatorEntry("001", "912"), new OperatorEntry("004", "912")], state.Operators.Values);
    }
}
