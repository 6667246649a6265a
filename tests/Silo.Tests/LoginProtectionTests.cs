using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallCenter.Grains.Security;
using CallCenter.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Silo.Tests;

/// <summary>Brute-force protection on every login: repeated failures lock the claimant out (right credentials
/// included) in the dialect's shape with Retry-After, other claimants are unaffected, and the lock-out ends.</summary>
public sealed class LoginProtectionTests
{
    private const string Account = "demo", Secret = "demo-management-secret-change-me";

    // A reused (account, timestamp, sign) is refused as a replay: every request gets a timestamp of its own.
    private static long _signed;
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch.AddYears(56);

    [Fact]
    public void Five_failures_lock_out_for_a_minute_and_each_lockout_in_a_row_doubles()
    {
        var policy = LoginThrottlePolicy.For(new LoginThrottleOptions(), address: false);
        for (var i = 0; i < 4; i++) Assert.Null(policy.RecordFailure(T0.AddSeconds(i)));
        Assert.Equal(T0.AddSeconds(4).AddMinutes(1), policy.RecordFailure(T0.AddSeconds(4)));
        // Hammering while locked out neither counts nor lengthens it.
        Assert.Equal(T0.AddSeconds(4).AddMinutes(1), policy.RecordFailure(T0.AddSeconds(30)));
        Assert.Equal(T0.AddSeconds(4).AddMinutes(1), policy.Current(T0.AddSeconds(59)));
        Assert.Null(policy.Current(T0.AddSeconds(65)));

        for (var i = 0; i < 4; i++) Assert.Null(policy.RecordFailure(T0.AddSeconds(70 + i)));
        Assert.Equal(T0.AddSeconds(74).AddMinutes(2), policy.RecordFailure(T0.AddSeconds(74)));

        // A quiet window after the last lock-out starts again at a minute.
        var later = T0.AddHours(1);
        for (var i = 0; i < 4; i++) Assert.Null(policy.RecordFailure(later.AddSeconds(i)));
        Assert.Equal(later.AddSeconds(4).AddMinutes(1), policy.RecordFailure(later.AddSeconds(4)));

        policy.Reset();
        Assert.True(policy.IsIdle(later.AddSeconds(5)));
    }

    [Fact]
    public void Failures_older_than_the_window_are_forgotten_and_the_lockout_is_capped()
    {
        var options = new LoginThrottleOptions { MaxFailures = 2, Lockout = TimeSpan.FromMinutes(10), MaxLockout = TimeSpan.FromMinutes(15) };
        var policy = LoginThrottlePolicy.For(options, address: false);
        Assert.Null(policy.RecordFailure(T0));
        Assert.Null(policy.RecordFailure(T0.AddMinutes(16)));
        Assert.Equal(T0.AddMinutes(17).AddMinutes(10), policy.RecordFailure(T0.AddMinutes(17)));
        Assert.Null(policy.RecordFailure(T0.AddMinutes(28)));
        Assert.Equal(T0.AddMinutes(29).AddMinutes(15), policy.RecordFailure(T0.AddMinutes(29)));
        Assert.Equal(50, new LoginThrottleOptions().MaxAddressFailures);
    }

    [Fact]
    public async Task Management_signatures_lock_out_after_five_failures_and_recover()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { VirtualTime = true });
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await ManagementAsync(silo, "wrong-secret")).StatusCode);

        using var fifth = await ManagementAsync(silo, "wrong-secret");
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        Assert.Equal("60", fifth.Headers.GetValues("Retry-After").Single());
        var envelope = JsonDocument.Parse(await fifth.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(-9998, envelope.GetProperty("reqResult").GetProperty("code").GetInt32());

        // Locked out: the right secret is refused too, and nothing is done.
        using var right = await ManagementAsync(silo, Secret);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);

        await silo.AdvanceAsync(TimeSpan.FromSeconds(61));
        using var after = await ManagementAsync(silo, Secret);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(-9998, JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement.GetProperty("reqResult").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_success_forgets_earlier_failures_and_other_accounts_are_not_locked_out()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { VirtualTime = true });
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await ManagementAsync(silo, "wrong-secret")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ManagementAsync(silo, Secret)).StatusCode);
        }
        for (var i = 0; i < 5; i++) await ManagementAsync(silo, "wrong", account: "someone-else");
        Assert.Equal(HttpStatusCode.OK, (await ManagementAsync(silo, Secret)).StatusCode);
    }

    [Fact]
    public async Task Operator_console_api_keys_and_the_platform_key_lock_out_the_address()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { VirtualTime = true, Settings = { ["Platform:AdminKey"] = "platform-secret" } });
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await OprAsync(silo, "guess-" + i)).StatusCode);
        using var locked = await OprAsync(silo, "guess-5");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.Contains("Retry-After"));
        var body = JsonDocument.Parse(await locked.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Equal("too many failed logins", body.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await OprAsync(silo, "demo-opr-key-change-me")).StatusCode);
        // Requests without a key use the listener's tenant: no login, nothing to lock.
        Assert.Equal(HttpStatusCode.OK, (await OprAsync(silo, null)).StatusCode);

        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await PlatformAsync(silo, "guess")).StatusCode);
        using var platformLocked = await PlatformAsync(silo, "guess");
        Assert.Equal(HttpStatusCode.TooManyRequests, platformLocked.StatusCode);
        Assert.Equal("too many failed logins", JsonDocument.Parse(await platformLocked.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PlatformAsync(silo, "platform-secret")).StatusCode);
        await silo.AdvanceAsync(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await PlatformAsync(silo, "platform-secret")).StatusCode);
    }

    [Fact]
    public async Task Stomp_connect_with_wrong_credentials_locks_out_the_login()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { VirtualTime = true });
        for (var i = 0; i < 4; i++) Assert.Contains("message:authentication failed", await StompConnectAsync(silo, (Sign(silo, Secret).Timestamp, "wrong-sign")));
        Assert.Contains("message:too many failed logins, retry later", await StompConnectAsync(silo, (Sign(silo, Secret).Timestamp, "wrong-sign")));
        Assert.Contains("message:too many failed logins, retry later", await StompConnectAsync(silo, Sign(silo, Secret)));
        await silo.AdvanceAsync(TimeSpan.FromSeconds(61));
        Assert.StartsWith("CONNECTED", await StompConnectAsync(silo, Sign(silo, Secret)));
    }

    private static (string Timestamp, string Sign) Sign(TestSilo silo, string secret)
    {
        var ts = silo.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddMilliseconds(-Interlocked.Increment(ref _signed)).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (ts, Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(Account + ts + secret))));
    }

    private static async Task<HttpResponseMessage> ManagementAsync(TestSilo silo, string secret, string account = Account)
    {
        var (ts, sign) = Sign(silo, secret);
        using var request = new HttpRequestMessage(HttpMethod.Post, "callcenter/callProject/api/getExtentionByProject/v1") { Content = new FormUrlEncodedContent([new("projectCode", "P001")]) };
        request.Headers.Add("account", account);
        request.Headers.Add("timestamp", ts);
        request.Headers.Add("sign", sign);
        return await silo.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> OprAsync(TestSilo silo, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api") { Content = new StringContent("""{"msgType":"getSeatState","seatId":"6"}""", Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return await silo.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PlatformAsync(TestSilo silo, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "platform/tenants");
        request.Headers.Add("Authorization", "Bearer " + key);
        return await silo.Http.SendAsync(request);
    }

    private static async Task<string> StompConnectAsync(TestSilo silo, (string Timestamp, string Sign) signed)
    {
        var (ts, sign) = signed;
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(silo.WebSocketAddress("callcenter/ws/websocket"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes($"CONNECT\naccept-version:1.2\nlogin:{Account}\npasscode:{sign}\ntimestamp:{ts}\n\n\0"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[8192];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }
}
