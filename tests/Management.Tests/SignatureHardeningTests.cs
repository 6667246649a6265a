using System.Globalization;
using System.Net;
using System.Text;
using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

/// <summary>Replay protection of the legacy signature and the strong HMAC-SHA256 scheme (docs/management-api.md,
/// docs/security.md "Request signatures"), over real HTTP.</summary>
public sealed class SignatureHardeningTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private const string Path = "freeswitch/gateway/api/getAvailableList/v1";
    private const string SetPolicy = "/callcenter/tenant/api/setSignaturePolicy/v1";

    private static string Ts(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void AssertRefused(ApiResponse response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("", response.Body);
    }

    private static HttpRequestMessage Md5Request(string account, string secret, long ts, bool upper = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Add("account", account);
        request.Headers.Add("timestamp", Ts(ts));
        request.Headers.Add("sign", SignedApi.Sign(account, ts, secret, upper));
        return request;
    }

    /// <summary>A request whose HMAC covers <paramref name="signedPath"/>, <paramref name="signedQuery"/> and
    /// <paramref name="signedBody"/>, but which sends <paramref name="path"/> (with its query) and <paramref name="body"/>.</summary>
    private HttpRequestMessage HmacRequest(string method, string path, string body, string signedPath, string signedQuery, string signedBody, string? secret = null)
    {
        var ts = Ts(system.Api.Timestamp());
        var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (method == "POST") request.Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        request.Headers.Add("account", ManagementSilo.DemoAccount);
        request.Headers.Add("timestamp", ts);
        request.Headers.Add("sign-method", "HMAC-SHA256");
        request.Headers.Add("sign", HmacSigner.Sign(secret ?? ManagementSilo.DemoSecret, ManagementSilo.DemoAccount, ts, method, signedPath, signedQuery, Encoding.UTF8.GetBytes(signedBody)));
        return request;
    }

    [Fact]
    public async Task A_reused_signature_is_refused_within_its_window_and_a_fresh_timestamp_is_accepted()
    {
        var ts = system.Api.Timestamp();
        Assert.Equal(1, (await system.Api.SendRawAsync(Md5Request(ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, ts))).Code);
        AssertRefused(await system.Api.SendRawAsync(Md5Request(ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, ts)));
        // The same signature in the other hex case is the same signature.
        AssertRefused(await system.Api.SendRawAsync(Md5Request(ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, ts, upper: false)));
        // Later in the window, still refused; a fresh timestamp is fine.
        await system.AdvanceAsync(TimeSpan.FromMinutes(4));
        AssertRefused(await system.Api.SendRawAsync(Md5Request(ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, ts)));
        Assert.Equal(1, (await system.Api.SendRawAsync(Md5Request(ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, system.Api.Timestamp()))).Code);
        Assert.Equal(1, (await system.Api.GetAsync(Path)).Code);
    }

    [Fact]
    public async Task A_tenant_may_opt_out_of_replay_protection()
    {
        var opted = await system.OtherApi.PostAsync(SetPolicy, ("replayProtection", "0"));
        Assert.Equal(1, opted.Code);
        Assert.Equal(0, opted.Data.GetProperty("replayProtection").GetInt32());
        try
        {
            var ts = system.OtherApi.Timestamp();
            Assert.Equal(1, (await system.OtherApi.SendRawAsync(Md5Request(ManagementSilo.OtherAccount, ManagementSilo.OtherSecret, ts))).Code);
            Assert.Equal(1, (await system.OtherApi.SendRawAsync(Md5Request(ManagementSilo.OtherAccount, ManagementSilo.OtherSecret, ts))).Code);
            // The demo tenant is not affected.
            var demoTs = system.Api.Timestamp();
            Assert.Equal(1, (await system.Api.SendRawAsync(Md5Request(ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, demoTs))).Code);
            AssertRefused(await system.Api.SendRawAsync(Md5Request(ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, demoTs)));
        }
        finally
        {
            Assert.Equal(1, (await system.OtherApi.PostAsync(SetPolicy, ("replayProtection", "1"))).Code);
        }
        var again = system.OtherApi.Timestamp();
        Assert.Equal(1, (await system.OtherApi.SendRawAsync(Md5Request(ManagementSilo.OtherAccount, ManagementSilo.OtherSecret, again))).Code);
        AssertRefused(await system.OtherApi.SendRawAsync(Md5Request(ManagementSilo.OtherAccount, ManagementSilo.OtherSecret, again)));
    }

    [Fact]
    public async Task Valid_HMAC_signatures_are_accepted_over_query_form_and_json()
    {
        var hmac = new SignedApi(system.Silo.Http, ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, () => system.Now) { Hmac = true };
        Assert.Equal(1, (await hmac.GetAsync("/freeswitch/gateway/api/getList/v1", ("page", "1"), ("rows", "10"), ("a b", "c&d/é"))).Code);
        var project = system.Unique("hmac");
        Assert.Equal(1, (await hmac.PostAsync("/callcenter/callProject/api/createProject/v1", ("projectCode", project), ("seats", "1"))).Code);
        Assert.Equal(1, (await hmac.PostJsonAsync("/callcenter/callProject/api/finishProject/v1", new { projectCode = project })).Code);
        // A signature is used once, whatever the scheme.
        var request = HmacRequest("GET", Path, "", "/" + Path, "", "");
        var copy = new HttpRequestMessage(HttpMethod.Get, Path);
        foreach (var header in request.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        Assert.Equal(1, (await system.Api.SendRawAsync(request)).Code);
        AssertRefused(await system.Api.SendRawAsync(copy));
    }

    [Fact]
    public async Task Invalid_or_tampered_HMAC_signatures_are_refused()
    {
        const string post = "/callcenter/tenant/api/setIpWhitelist/v1";
        // The control: signed as sent.
        Assert.Equal(1, (await system.Api.SendRawAsync(HmacRequest("POST", post, "ipWhitelist=", post, "", "ipWhitelist="))).Code);
        // Wrong secret.
        AssertRefused(await system.Api.SendRawAsync(HmacRequest("GET", Path, "", "/" + Path, "", "", secret: "not-the-secret")));
        // Tampered body: the signature covered an empty allow-list, the body sets one.
        AssertRefused(await system.Api.SendRawAsync(HmacRequest("POST", post, "ipWhitelist=10.0.0.0%2F8", post, "", "ipWhitelist=")));
        // Tampered path: signed for one endpoint, sent to another.
        AssertRefused(await system.Api.SendRawAsync(HmacRequest("POST", "/callcenter/tenant/api/setNotifyUrl/v1", "ipWhitelist=", post, "", "ipWhitelist=")));
        // Tampered query and method.
        AssertRefused(await system.Api.SendRawAsync(HmacRequest("GET", "/freeswitch/gateway/api/getList/v1?page=2", "", "/freeswitch/gateway/api/getList/v1", "page=1", "")));
        var retagged = HmacRequest("POST", Path, "", "/" + Path, "", "");
        retagged.Method = HttpMethod.Get;
        retagged.Content = null;
        AssertRefused(await system.Api.SendRawAsync(retagged));
        // An MD5 signature under sign-method HMAC-SHA256, and an unknown method.
        var ts = system.Api.Timestamp();
        var md5 = Md5Request(ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, ts);
        md5.Headers.Add("sign-method", "HMAC-SHA256");
        AssertRefused(await system.Api.SendRawAsync(md5));
        var unknown = Md5Request(ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, system.Api.Timestamp());
        unknown.Headers.Add("sign-method", "SHA1");
        AssertRefused(await system.Api.SendRawAsync(unknown));
        Assert.Equal(0, (await system.Api.GetAsync("/callcenter/tenant/api/getSettings/v1")).Data.GetProperty("ipWhitelist").GetArrayLength());
    }

    [Fact]
    public async Task A_tenant_that_makes_HMAC_mandatory_refuses_MD5()
    {
        var hmac = new SignedApi(system.Silo.Http, ManagementSilo.OtherAccount, ManagementSilo.OtherSecret, () => system.Now) { Hmac = true };
        var set = await system.OtherApi.PostAsync(SetPolicy, ("requireHmac", "1"));
        Assert.Equal(1, set.Code);
        Assert.Equal(1, set.Data.GetProperty("requireHmac").GetInt32());
        try
        {
            AssertRefused(await system.OtherApi.GetAsync(Path));
            Assert.Equal(1, (await hmac.GetAsync(Path)).Code);
            // Other tenants keep MD5.
            Assert.Equal(1, (await system.Api.GetAsync(Path)).Code);
        }
        finally
        {
            // Only an HMAC-signed request can turn it off again.
            AssertRefused(await system.OtherApi.PostAsync(SetPolicy, ("requireHmac", "0")));
            Assert.Equal(1, (await hmac.PostAsync(SetPolicy, ("requireHmac", "0"))).Code);
        }
        Assert.Equal(1, (await system.OtherApi.GetAsync(Path)).Code);
    }
}
