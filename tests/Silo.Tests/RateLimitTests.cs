using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallCenter.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Silo.Tests;

/// <summary>Per-credential and per-tenant rate limits on the HTTP dialects, refused in each dialect's shape with 429
/// and Retry-After; one tenant's (or credential's) burst does not touch another's.</summary>
public sealed class RateLimitTests
{
    private const string Account = "demo", Secret = "demo-management-secret-change-me";

    // A reused (account, timestamp, sign) is refused as a replay: every request gets a timestamp of its own.
    private static long _signed;

    [Fact]
    public async Task A_credential_over_its_burst_is_refused_while_the_tenants_other_credentials_go_on()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            Settings =
            {
                ["Edge:RateLimits:Tenants:demo:Credential:Burst"] = "3",
                ["Edge:RateLimits:Tenants:demo:Credential:RequestsPerSecond"] = "1",
            },
        });
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await OprAsync(silo)).StatusCode);
        using var refused = await OprAsync(silo);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Equal("rate limit exceeded", body.GetProperty("reason").GetString());

        // The management account is another credential of the same tenant.
        using var management = await ManagementAsync(silo);
        Assert.Equal(HttpStatusCode.OK, management.StatusCode);
        Assert.NotEqual(-9998, Code(await management.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_tenant_over_its_limit_is_refused_on_every_credential_and_other_tenants_are_not()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            Settings =
            {
                ["Platform:AdminKey"] = "platform-secret",
                ["Edge:RateLimits:Tenants:demo:Tenant:Burst"] = "4",
                ["Edge:RateLimits:Tenants:demo:Tenant:RequestsPerSecond"] = "1",
            },
        });
        var otherKey = await OtherTenantKeyAsync(silo);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await OprAsync(silo)).StatusCode);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await ManagementAsync(silo)).StatusCode);

        using var refused = await ManagementAsync(silo);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Equal(-9998, Code(text));
        Assert.Contains("请求过于频繁", JsonDocument.Parse(text).RootElement.GetProperty("reqResult").GetProperty("msg").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await OprAsync(silo)).StatusCode);

        // Tenant B is not held back by tenant A's traffic.
        for (var i = 0; i < 6; i++) Assert.Equal(HttpStatusCode.OK, (await OprAsync(silo, otherKey)).StatusCode);
    }

    private static int Code(string envelope) => JsonDocument.Parse(envelope).RootElement.GetProperty("reqResult").GetProperty("code").GetInt32();

    private static async Task<string> OtherTenantKeyAsync(TestSilo silo)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "platform/tenants") { Content = JsonContent("""{"tenantId":"tenant-b","name":"B","sipDomain":"b.example"}""") };
        create.Headers.Add("Authorization", "Bearer platform-secret");
        using var created = await silo.Http.SendAsync(create);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        using var issue = new HttpRequestMessage(HttpMethod.Post, "platform/tenants/tenant-b/api-keys") { Content = JsonContent("{}") };
        issue.Headers.Add("Authorization", "Bearer platform-secret");
        using var issued = await silo.Http.SendAsync(issue);
        var body = await issued.Content.ReadAsStringAsync();
        Assert.True(issued.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("apiKey").GetString()!;
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> OprAsync(TestSilo silo, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api") { Content = JsonContent("""{"msgType":"getSeatState","seatId":"6"}""") };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return await silo.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> ManagementAsync(TestSilo silo)
    {
        var ts = silo.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddMilliseconds(-Interlocked.Increment(ref _signed)).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "callcenter/callProject/api/getExtentionByProject/v1") { Content = new FormUrlEncodedContent([new("projectCode", "P001")]) };
        request.Headers.Add("account", Account);
        request.Headers.Add("timestamp", ts);
        request.Headers.Add("sign", Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(Account + ts + Secret))));
        return await silo.Http.SendAsync(request);
    }
}
