using System.Globalization;
using System.Net;
using CallCenter.Management.Accounts;
using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

/// <summary>The management API's authentication on every endpoint: MD5(account + timestamp + secret) in either hex case,
/// from headers or query, the timestamp within ±5 minutes, the account known, enabled and not expired; every failure is
/// HTTP 401 with an empty body.</summary>
public sealed class SignatureTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    public static TheoryData<string, string> AllEndpoints => Endpoints.Theory();

    private static string Ts(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static HttpContent? Body(string method) => method == "POST" ? new FormUrlEncodedContent([]) : null;

    private static void AssertRefused(ApiResponse response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("", response.Body);
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Valid_signature_reaches_the_endpoint(string method, string path)
    {
        var response = await system.Api.SendAsync(new HttpMethod(method), path, Body(method));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Json.TryGetProperty("reqResult", out _), response.Body);
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Wrong_signature_is_refused(string method, string path)
    {
        var ts = system.Api.Timestamp();
        AssertRefused(await system.Api.SendAsync(new HttpMethod(method), path, Body(method), signHeader: SignedApi.Sign("demo", ts, "not-the-secret")));
        // The right signature over another timestamp than the one sent.
        AssertRefused(await system.Api.SendAsync(new HttpMethod(method), path, Body(method), timestampHeader: Ts(ts + 1), signHeader: SignedApi.Sign("demo", ts, ManagementSilo.DemoSecret)));
        AssertRefused(await system.Api.SendAsync(new HttpMethod(method), path, Body(method), signHeader: null));
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Expired_or_future_timestamp_is_refused(string method, string path)
    {
        foreach (var offset in new[] { TimeSpan.FromMinutes(-5.5), TimeSpan.FromMinutes(5.5) })
        {
            var ts = (system.Now + offset).ToUnixTimeMilliseconds();
            AssertRefused(await system.Api.SendAsync(new HttpMethod(method), path, Body(method), timestampHeader: Ts(ts), signHeader: SignedApi.Sign("demo", ts, ManagementSilo.DemoSecret)));
        }
        // Just inside the window is fine.
        // (From the client's own timestamps: every test case signs a different instant, as replay protection asks.)
        var inside = system.Api.Timestamp() - (long)TimeSpan.FromMinutes(4.5).TotalMilliseconds;
        var ok = await system.Api.SendAsync(new HttpMethod(method), path, Body(method), timestampHeader: Ts(inside), signHeader: SignedApi.Sign("demo", inside, ManagementSilo.DemoSecret));
        Assert.Equal(HttpStatusCode.OK, ok.Status);
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Unknown_account_is_refused(string method, string path)
    {
        var ts = system.Api.Timestamp();
        AssertRefused(await system.Api.SendAsync(new HttpMethod(method), path, Body(method), accountHeader: "nobody", signHeader: SignedApi.Sign("nobody", ts, ManagementSilo.DemoSecret)));
        AssertRefused(await system.Api.SendAsync(new HttpMethod(method), path, Body(method), accountHeader: "bad account\u0001"));
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Replaying_a_captured_request_fails_once_its_timestamp_is_old(string method, string path)
    {
        var ts = system.Api.Timestamp();
        var sign = SignedApi.Sign("demo", ts, ManagementSilo.DemoSecret);
        HttpRequestMessage Captured()
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/')) { Content = Body(method) };
            request.Headers.Add("account", "demo");
            request.Headers.Add("timestamp", Ts(ts));
            request.Headers.Add("sign", sign);
            return request;
        }
        Assert.Equal(HttpStatusCode.OK, (await system.Api.SendRawAsync(Captured())).Status);
        await system.AdvanceAsync(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        AssertRefused(await system.Api.SendRawAsync(Captured()));
    }

    [Fact]
    public async Task Either_hex_case_and_query_string_credentials_are_accepted()
    {
        var ts = system.Api.Timestamp();
        var lower = await system.Api.SendAsync(HttpMethod.Get, "/freeswitch/gateway/api/getAvailableList/v1", null, timestampHeader: Ts(ts), signHeader: SignedApi.Sign("demo", ts, ManagementSilo.DemoSecret, upper: false));
        Assert.Equal(1, lower.Code);

        ts = system.Api.Timestamp();
        var query = $"freeswitch/gateway/api/getAvailableList/v1?account=demo&timestamp={ts}&sign={SignedApi.Sign("demo", ts, ManagementSilo.DemoSecret)}";
        var viaQuery = await system.Api.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, query));
        Assert.Equal(1, viaQuery.Code);

        // A leading zero is another spelling of the same instant: not what was signed.
        AssertRefused(await system.Api.SendAsync(HttpMethod.Get, "/freeswitch/gateway/api/getAvailableList/v1", null, timestampHeader: "0" + ts, signHeader: SignedApi.Sign("demo", ts, ManagementSilo.DemoSecret)));
        AssertRefused(await system.Api.SendAsync(HttpMethod.Get, "/freeswitch/gateway/api/getAvailableList/v1", null, timestampHeader: "12ab"));
    }

    [Fact]
    public async Task Disabled_and_expired_accounts_are_refused()
    {
        var tenant = system.Grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor("demo"));
        var issued = await tenant.AddApiAccountAsync("short-lived");
        Assert.True(issued.Ok);
        var secret = issued.Value!.GeneratedSecret!;
        Assert.Matches("^[0-9a-f]{32}$", secret);
        var api = new SignedApi(system.Silo.Http, "short-lived", secret, () => system.Now);
        Assert.Equal(1, (await api.GetAsync("/freeswitch/gateway/api/getAvailableList/v1")).Code);

        var account = system.Grains.GetGrain<IApiAccountGrain>(IApiAccountGrain.KeyFor("short-lived"));
        await account.SetEnabledAsync(false);
        AssertRefused(await api.GetAsync("/freeswitch/gateway/api/getAvailableList/v1"));
        await account.SetEnabledAsync(true);
        await account.SetExpiryAsync(system.Now - TimeSpan.FromSeconds(1));
        AssertRefused(await api.GetAsync("/freeswitch/gateway/api/getAvailableList/v1"));
        await account.SetExpiryAsync(null);
        Assert.Equal(1, (await api.GetAsync("/freeswitch/gateway/api/getAvailableList/v1")).Code);

        // Another tenant cannot take the name; the demo seed's idempotent re-creation is fine.
        var clash = await system.Grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(ManagementSilo.OtherTenant)).AddApiAccountAsync("short-lived");
        Assert.Equal(ManagementError.AccountExists, clash.Error);
        Assert.True((await tenant.AddApiAccountAsync("demo", ManagementSilo.DemoSecret)).Ok);
        Assert.Equal(ManagementError.AccountExists, (await tenant.AddApiAccountAsync("demo", "another-secret-123")).Error);
    }

    [Fact]
    public async Task The_ip_allow_list_refuses_other_addresses_with_403()
    {
        var set = await system.OtherApi.PostAsync("/callcenter/tenant/api/setIpWhitelist/v1", ("ipWhitelist", "10.1.2.0/24, 192.0.2.7"));
        Assert.Equal(1, set.Code);
        Assert.Equal(new[] { "10.1.2.0/24", "192.0.2.7/32" }, set.Data.GetProperty("ipWhitelist").EnumerateArray().Select(e => e.GetString()!).ToArray());
        // The test client comes from 127.0.0.1.
        var refused = await system.OtherApi.GetAsync("/freeswitch/gateway/api/getAvailableList/v1");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("", refused.Body);
        // The demo tenant is not affected.
        Assert.Equal(1, (await system.Api.GetAsync("/freeswitch/gateway/api/getAvailableList/v1")).Code);

        await system.Grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(ManagementSilo.OtherTenant)).SetIpAllowListAsync(["127.0.0.0/8"]);
        Assert.Equal(1, (await system.OtherApi.GetAsync("/freeswitch/gateway/api/getAvailableList/v1")).Code);
        var invalid = await system.OtherApi.PostAsync("/callcenter/tenant/api/setIpWhitelist/v1", ("ipWhitelist", "not-an-address"));
        Assert.Equal(-100003, invalid.Code);
    }
}
