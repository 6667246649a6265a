using CallCenter.Tenancy;

namespace CallCenter.Opr.Tests;

/// <summary>The SSRF guard on HTTP callbacks (docs/security.md, "Outbound requests (SSRF)"), with the production default:
/// a callbackUrl on loopback or a metadata address is refused when given and when a push is delivered, unless the
/// operator allow-lists it for the tenant.</summary>
public sealed class CallbackGuardTests
{
    [Fact]
    public async Task A_callback_to_loopback_is_refused_by_default_and_delivered_once_allow_listed()
    {
        await using var client = await CallbackClient.StartAsync();
        await using var h = await OprHarness.StartAsync(new() { ["OutboundRequests:AllowLoopback"] = "false", ["Opr:Callbacks:RetryDelay"] = "00:00:00" });
        var url = client.Url.ToString();
        await h.GroupAsync("912", "52300112");
        Assert.Equal("forbidden_target:callbackUrl",
            await h.FailedAsync(new { msgType = "seat_register", seatPhone = "52300001", seatGroupNo = "912", seatId = "6", pwd = "pw6", callbackUrl = url }));
        await h.SeatAsync("6", "52300001", "912");
        Assert.Equal("forbidden_target:callbackUrl", await h.FailedAsync(new { msgType = "opr_login", seatId = "6", operatorId = "001", callbackUrl = url }));
        Assert.Equal("forbidden_target:callbackUrl",
            await h.FailedAsync(new { msgType = "opr_login", seatId = "6", operatorId = "001", callbackUrl = "http://169.254.169.254/latest/meta-data/" }));
        Assert.Equal("forbidden_target:callbackUrl", await h.FailedAsync(new { msgType = "opr_login", seatId = "6", operatorId = "001", callbackUrl = "http://[::ffff:10.0.0.1]/" }));

        // The operator trusts loopback for this tenant.
        var tenant = h.Silo.Grains.GetGrain<ITenantGrain>(OprHarness.Tenant);
        var settings = (await tenant.GetProfileAsync())!.Settings;
        await tenant.UpdateSettingsAsync(settings with { OutboundAllowList = ["127.0.0.1/32"] });
        await h.OkAsync(new { msgType = "opr_login", seatId = "6", operatorId = "001", callbackUrl = url });
        var login = await client.NextAsync();
        Assert.Equal("boardStateChange", login.Str("msgType"));
        Assert.Equal(1, client.Attempts);

        // Withdrawn: the next push is refused when it connects, once, without retries; nothing reaches the listener.
        await tenant.UpdateSettingsAsync(settings with { OutboundAllowList = [] });
        await h.OkAsync(new { msgType = "board_switch", curBoardIndex = "1", nextBoardIndex = "2", seatId = "6" });
        await h.SettleAsync();
        Assert.Equal(1, client.Attempts);

        // Allowed again, the pushes after it arrive.
        await tenant.UpdateSettingsAsync(settings with { OutboundAllowList = ["127.0.0.1/32"] });
        await h.OkAsync(new { msgType = "board_switch", curBoardIndex = "2", nextBoardIndex = "3", seatId = "6" });
        var switched = await client.NextAsync();
        Assert.Equal("3", switched["boardState"]!.Str("activedBoard"));
    }
}
