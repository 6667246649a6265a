using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallCenter.TestSupport;

namespace CallCenter.Silo.Tests;

/// <summary>Onboarding a second customer through <c>/platform</c>, then using its credentials as its clients would.</summary>
public sealed class PlatformApiTests
{
    private const string AdminKey = "platform-test-key";

    private static Task<TestSilo> StartAsync() => TestSilo.StartAsync(new TestSiloOptions { Settings = { ["Platform:AdminKey"] = AdminKey } });

    private static HttpRequestMessage Admin(HttpMethod method, string path, object? body = null, string key = AdminKey)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    [Fact]
    public async Task The_platform_api_is_off_without_an_admin_key()
    {
        await using var silo = await TestSilo.StartAsync();
        var response = await silo.Http.SendAsync(Admin(HttpMethod.Get, "platform/tenants"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Requests_without_the_admin_key_are_refused(string? key)
    {
        await using var silo = await StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "platform/tenants");
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await silo.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("admin key", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bad_tenant_requests_get_a_clear_reason_and_create_nothing()
    {
        await using var silo = await StartAsync();
        async Task Expect(HttpStatusCode status, HttpRequestMessage request, string reason)
        {
            var response = await silo.Http.SendAsync(request);
            Assert.Equal(status, response.StatusCode);
            Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        }
        await Expect(HttpStatusCode.BadRequest, Admin(HttpMethod.Post, "platform/tenants", new { tenantId = "Bad_Id", name = "x", sipDomain = "x.example" }), "tenantId");
        await Expect(HttpStatusCode.BadRequest, Admin(HttpMethod.Post, "platform/tenants", new { tenantId = "acme", sipDomain = "x.example" }), "name is required");
        await Expect(HttpStatusCode.BadRequest, Admin(HttpMethod.Post, "platform/tenants", new { tenantId = "acme", name = "Acme", sipDomain = "bad domain" }), "sipDomain");
        var malformed = Admin(HttpMethod.Post, "platform/tenants");
        malformed.Content = new StringContent("{\"tenantId\":", Encoding.UTF8, "application/json");
        await Expect(HttpStatusCode.BadRequest, malformed, "malformed JSON");
        var notJson = Admin(HttpMethod.Post, "platform/tenants");
        notJson.Content = new StringContent("tenantId=acme", Encoding.UTF8, "application/x-www-form-urlencoded");
        await Expect(HttpStatusCode.UnsupportedMediaType, notJson, "application/json");
        var duplicate = Admin(HttpMethod.Post, "platform/tenants");
        duplicate.Content = new StringContent("""{"tenantId":"acme","name":"Acme","sipDomain":"acme.example","tenantId":"beta"}""", Encoding.UTF8, "application/json");
        await Expect(HttpStatusCode.BadRequest, duplicate, "duplicate key 'tenantId'");
        var differentCase = Admin(HttpMethod.Post, "platform/tenants");
        differentCase.Content = new StringContent("""{"tenantId":"acme","name":"Acme","sipDomain":"acme.example","TenantId":"beta"}""", Encoding.UTF8, "application/json");
        await Expect(HttpStatusCode.BadRequest, differentCase, "malformed JSON");
        var notUtf8 = Admin(HttpMethod.Post, "platform/tenants");
        notUtf8.Content = new ByteArrayContent([.. "{\"tenantId\":\"acme\",\"name\":\""u8, 0xFF, .. "\",\"sipDomain\":\"acme.example\"}"u8]);
        notUtf8.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await Expect(HttpStatusCode.BadRequest, notUtf8, "invalid UTF-8 at byte");
        var huge = Admin(HttpMethod.Post, "platform/tenants", new { tenantId = "acme", name = new string('x', 20_000), sipDomain = "acme.example" });
        await Expect(HttpStatusCode.RequestEntityTooLarge, huge, "larger than");
        await Expect(HttpStatusCode.Conflict, Admin(HttpMethod.Post, "platform/tenants", new { tenantId = "other", name = "Other", sipDomain = "demo.callcenter.local" }), "belongs to another tenant");
        await Expect(HttpStatusCode.Conflict, Admin(HttpMethod.Post, "platform/tenants", new { tenantId = "demo", name = "Demo", sipDomain = "demo.callcenter.local" }), "already exists");

        var list = await silo.Http.SendAsync(Admin(HttpMethod.Get, "platform/tenants"));
        using var tenants = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal(["demo"], tenants.RootElement.EnumerateArray().Select(t => t.GetProperty("tenantId").GetString()));
    }

    [Fact]
    public async Task A_new_tenant_gets_credentials_that_reach_only_its_own_data()
    {
        await using var silo = await StartAsync();
        var created = await silo.Http.SendAsync(Admin(HttpMethod.Post, "platform/tenants", new { tenantId = "acme", name = "Acme", sipDomain = "acme.example" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Operator console with Acme's key: its seat exists for Acme only.
        var issued = await silo.Http.SendAsync(Admin(HttpMethod.Post, "platform/tenants/acme/api-keys"));
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        using var keyBody = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());
        var apiKey = keyBody.RootElement.GetProperty("apiKey").GetString()!;
        Assert.Equal("ok", await OprAsync(silo, apiKey, """{"msgType":"seatgroup_config","groupPhone":"77700112","seatGroupNo":"1"}"""));
        Assert.Equal("ok", await OprAsync(silo, apiKey, """{"msgType":"seat_register","seatPhone":"7001","seatGroupNo":"1","seatId":"41","pwd":"1"}"""));
        Assert.Equal("ok", await OprAsync(silo, apiKey, """{"msgType":"opr_login","seatId":"41","operatorId":"001"}"""));
        Assert.StartsWith("failed", await OprAsync(silo, null, """{"msgType":"opr_login","seatId":"41","operatorId":"001"}"""));

        // Management API with an account issued to Acme.
        var account = await silo.Http.SendAsync(Admin(HttpMethod.Post, "platform/tenants/acme/management-accounts", new { account = "acme-backoffice" }));
        Assert.Equal(HttpStatusCode.Created, account.StatusCode);
        using var accountBody = JsonDocument.Parse(await account.Content.ReadAsStringAsync());
        var secret = accountBody.RootElement.GetProperty("secret").GetString()!;
        Assert.True(secret.Length >= 32);
        Assert.Equal(HttpStatusCode.OK, (await SignedGetAsync(silo, "acme-backoffice", secret, "freeswitch/gateway/api/getAvailableList/v1")).StatusCode);

        // Switching the tenant off locks out both dialects; revoking the key locks out the console.
        var disabled = await silo.Http.SendAsync(Admin(HttpMethod.Patch, "platform/tenants/acme", new { enabled = false }));
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignedGetAsync(silo, "acme-backoffice", secret, "freeswitch/gateway/api/getAvailableList/v1")).StatusCode);
        Assert.StartsWith("failed", await OprAsync(silo, apiKey, """{"msgType":"opr_login","seatId":"41","operatorId":"001"}"""));
        await silo.Http.SendAsync(Admin(HttpMethod.Patch, "platform/tenants/acme", new { enabled = true }));
        Assert.Equal("ok", await OprAsync(silo, apiKey, """{"msgType":"opr_login","seatId":"41","operatorId":"001"}"""));
        var revoked = await silo.Http.SendAsync(Admin(HttpMethod.Post, "platform/tenants/acme/api-keys/revoke", new { apiKey }));
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.StartsWith("failed", await OprAsync(silo, apiKey, """{"msgType":"opr_login","seatId":"41","operatorId":"001"}"""));
    }

    private static async Task<string?> OprAsync(TestSilo silo, string? apiKey, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        var response = await silo.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return $"http {(int)response.StatusCode}";
        using var json = JsonDocument.Parse(text);
        var status = json.RootElement.GetProperty("status").GetString();
        return status == "failed" && json.RootElement.TryGetProperty("reason", out var reason) ? $"failed ({reason.GetString()})" : status;
    }

    private static long _lastTimestamp;

    private static Task<HttpResponseMessage> SignedGetAsync(TestSilo silo, string account, string secret, string path)
    {
        // Never the same millisecond twice: the server refuses a signature it has seen (replay protection).
        var ms = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Interlocked.Increment(ref _lastTimestamp));
        Interlocked.Exchange(ref _lastTimestamp, ms);
        var timestamp = ms.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sign = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(account + timestamp + secret)));
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("account", account);
        request.Headers.Add("timestamp", timestamp);
        request.Headers.Add("sign", sign);
        return silo.Http.SendAsync(request);
    }
}
