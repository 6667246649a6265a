using System.Net;
using System.Net.WebSockets;
using CallCenter.Tenancy;

namespace CallCenter.Opr.Tests;

/// <summary>A second tenant can neither see nor touch the first tenant's seats, groups, numbers or messages.</summary>
public sealed class TenancyTests : IAsyncLifetime
{
    private const string AcmeKey = "acme-opr-key-0123456789";

    private OprHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await OprHarness.StartAsync();
        await _h.Silo.Grains.GetGrain<ITenantGrain>("acme").ProvisionAsync(new TenantProvisioning("Acme", "acme.callcenter.local", new TenantSettings()));
        await _h.Silo.Grains.GetGrain<IApiKeyGrain>(IApiKeyGrain.KeyFor(AcmeKey)).AssignAsync("acme");

        // The demo tenant (the listener's default): group 912, seat 6 with operator 001 talking to a caller.
        await _h.GroupAsync("912", "52300112");
        await _h.SeatAsync("6", "52300001", "912", "001");
        _h.Call("13900000001", "52300112");
        await _h.SettleAsync();
        await _h.OkAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "6" });
        await _h.OkAsync(new { msgType = "message", source = "001", target = "all", msg = "demo only" });
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Another_tenant_cannot_see_or_touch_the_first_tenants_seats()
    {
        var demoBefore = (await _h.OkAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" })).State().ToJsonString();

        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" }, AcmeKey));
        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "handShake", seatId = "6", operatorId = "001", boardIndex = "1" }, AcmeKey));
        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "opr_logout", seatId = "6" }, AcmeKey));
        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "clean_board", seatId = "6", boardIndex = "1" }, AcmeKey));
        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "calla", seatId = "6", boardIndex = "2", phone = "8" }, AcmeKey));
        Assert.Equal("no_such_seat", await _h.FailedAsync(new { msgType = "opr_login", seatId = "6", operatorId = "666" }, AcmeKey));
        Assert.Equal("no_such_group", await _h.FailedAsync(new { msgType = "seat_register", seatId = "6", seatPhone = "52300001", seatGroupNo = "912", pwd = "x" }, AcmeKey));
        Assert.Equal("group_phone_in_use", await _h.FailedAsync(new { msgType = "seatgroup_config", groupPhone = "52300112", seatGroupNo = "912" }, AcmeKey));
        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "message", source = "001", target = "all", msg = "spoof" }, AcmeKey));
        Assert.Equal("not_logined", await _h.FailedAsync(new { msgType = "talk_to_opr", seat1Id = "6", seat2Id = "7" }, AcmeKey));
        var history = await _h.OkAsync(new { msgType = "queryhistorymsg", operatorId = "001", number = "10" }, AcmeKey);
        Assert.Empty(history["msgs"]!.AsArray());

        // Nor subscribe to the first tenant's seat's pushes.
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(_h.Silo.WebSocketAddress("/api/ws")) { Query = $"seatId=6&apiKey={AcmeKey}" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));

        // Its own seat 6 in its own group 912 is its own business.
        await _h.OkAsync(new { msgType = "seatgroup_config", groupPhone = "52300999", seatGroupNo = "912" }, AcmeKey);
        await _h.OkAsync(new { msgType = "seat_register", seatId = "6", seatPhone = "52300001", seatGroupNo = "912", pwd = "acme" }, AcmeKey);
        var acme = await _h.OkAsync(new { msgType = "opr_login", seatId = "6", operatorId = "001" }, AcmeKey);
        Assert.True(acme.State().IsEmpty(1));
        Assert.Equal("no_call", await _h.FailedAsync(new { msgType = "pickup_call", boardIndex = "2", seatId = "6" }, AcmeKey));

        var demoAfter = (await _h.OkAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" })).State().ToJsonString();
        Assert.Equal(demoBefore, demoAfter);
    }

    [Fact]
    public async Task An_unknown_api_key_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api") { Content = new StringContent("""{"msgType":"getSeatState","seatId":"6","operatorId":"001"}""") };
        request.Headers.Add("X-Api-Key", "not-a-key");
        using var response = await _h.Silo.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"status":"failed","reason":"invalid_api_key"}""", await response.Content.ReadAsStringAsync());
    }
}
