using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCenter.Telephony;
using CallCenter.Telephony.Simulated;
using CallCenter.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Security.Tests.Support;

/// <summary>
/// One running system for every network family and the isolation matrix (one silo start keeps the project within its
/// time budget). Tenant A is the demo tenant (management account "demo", the operator console's key-less default),
/// provisioned with a project and a claimed agent, a gateway, a blacklist entry, a call task and an operator seat;
/// tenant B is onboarded through the platform API (an operator-console API key and a management account), as a real
/// second customer would be.
/// </summary>
public sealed class SecuritySystem : IAsyncLifetime
{
    public const string AdminKey = "security-tests-platform-admin-key";
    public const string DemoAccount = "demo";
    public const string DemoSecret = "demo-management-secret-change-me";
    public const string DemoDomain = "demo.callcenter.local";
    public const string OtherTenant = "tenant-b";

    // Distinctive values of tenant A: if one shows up in an answer to tenant B, B has seen A's data.
    public const string AProject = "secproja";
    public const string ARealm = "a-secret-carrier.example.com:5060";
    public const string ABlacklisted = "13912345678";
    public const string ATask = "sectaska";
    public const string ACallList = "seclista";
    public const string ASeat = "61";
    public const string ASeatPhone = "8061";
    public const string AGroup = "71";
    public const string AGroupPhone = "8071";
    public const string AOperator = "opa";

    private int _sequence;

    public TestSilo Silo { get; private set; } = null!;

    public SignedClient ManagementA { get; private set; } = null!;

    public SignedClient ManagementB { get; private set; } = null!;

    public string OprKeyB { get; private set; } = null!;

    public string ACertificate { get; private set; } = null!;

    public string AAgent { get; private set; } = null!;

    public string AAgentPassword { get; private set; } = null!;

    public string AGateway { get; private set; } = null!;

    public DateTimeOffset Now => Silo.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>A value unique in this system.</summary>
    public int Next() => Interlocked.Increment(ref _sequence);

    public async Task InitializeAsync()
    {
        Silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            VirtualTime = true,
            Settings =
            {
                ["environment"] = "Development",
                ["Telephony:Provider"] = "Simulated",
                ["Management:Servers"] = "wss://fs.example.com:7443",
                ["Management:NativeServers"] = "fs.example.com:5161",
                ["Edge:Stomp:DefaultTenant"] = "demo",
                ["Opr:Callbacks:DefaultUrl"] = "",
                ["Platform:AdminKey"] = AdminKey,
                // The fuzzers send thousands of requests from one address, many with credentials that are wrong on
                // purpose (the isolation matrix, the STOMP family): lock-outs and rate limits would turn the answers these
                // suites check into 429s. Both features have their own tests (tests/Silo.Tests/LoginProtectionTests.cs,
                // RateLimitTests.cs).
                ["Security:LoginThrottle:MaxFailures"] = "1000000",
                ["Security:LoginThrottle:MaxAddressFailures"] = "1000000",
                ["Edge:RateLimits:Enabled"] = "false",
            },
        });
        Silo.Network.SetProfile("manual", PstnProfile.Manual());
        ManagementA = new SignedClient(Silo.Http, DemoAccount, DemoSecret, this);
        await ProvisionTenantBAsync();
        await ProvisionTenantAAsync();
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();

    private async Task ProvisionTenantBAsync()
    {
        var created = await PlatformAsync(HttpMethod.Post, "platform/tenants", $$"""{"tenantId":"{{OtherTenant}}","name":"Tenant B","sipDomain":"b.callcenter.local"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var key = await PlatformAsync(HttpMethod.Post, $"platform/tenants/{OtherTenant}/api-keys", null);
        OprKeyB = JsonNode.Parse(key.Body)!["apiKey"]!.GetValue<string>();
        var account = await PlatformAsync(HttpMethod.Post, $"platform/tenants/{OtherTenant}/management-accounts", """{"account":"tenant-b-account"}""");
        Assert.Equal(HttpStatusCode.Created, account.Status);
        var json = JsonNode.Parse(account.Body)!;
        ManagementB = new SignedClient(Silo.Http, json["account"]!.GetValue<string>(), json["secret"]!.GetValue<string>(), this);
    }

    private async Task ProvisionTenantAAsync()
    {
        const string P = "/callcenter/callProject/api/";
        var project = await ManagementA.SendAsync("POST", P + "createProject/v1", Form(("projectCode", AProject), ("seats", "2")));
        Assert.Equal(1, project.Code);
        ACertificate = project.Data.GetProperty("certificate").GetString()!;
        var claimed = await ManagementA.SendAsync("GET", P + "getByCertificate/v1?certificate=" + ACertificate + "&type=2", null);
        Assert.Equal(1, claimed.Code);
        AAgent = claimed.Data.GetProperty("username").GetString()!;
        AAgentPassword = claimed.Data.GetProperty("password").GetString()!;
        Silo.Network.SetPhonePolicy(AAgent, DemoDomain, PhoneAnswerPolicy.Manual());
        Assert.True(Silo.Network.RegisterPhone(AAgent, DemoDomain, AAgentPassword));

        var gateway = await ManagementA.SendAsync("POST", "/freeswitch/gateway/api/add/v1", Form(("gwName", "A line"), ("registerType", "2"), ("realm", ARealm),
            ("status", "1"), ("returnVisit", "0"), ("billType", "2"), ("billsec", "6"), ("price", "10"), ("expectCount", "5"), ("originationCallId", "02100000000")));
        Assert.Equal(1, gateway.Code);
        AGateway = gateway.Data.GetProperty("gwCode").GetString()!;
        Assert.Equal(1, (await ManagementA.SendAsync("POST", "/callcenter/blacklist/api/add/v1", Form(("numbers", ABlacklisted)))).Code);
        var list = await ManagementA.SendAsync("POST", "/callcenter/callList/api/import/v1", Form(("callListId", ACallList), ("numbers", "13700000001,13700000002")));
        Assert.True(list.Code == 1, list.ToString());
        var task = await ManagementA.SendAsync("POST", "/callcenter/callTask/api/submitCallTask/v1", Form(("callTaskCode", ATask), ("scheduleType", "1"), ("callType", "1"), ("callListId", ACallList),
            ("callGWs", $"[{{\"code\":\"{AGateway}\",\"concurrency\":\"2\"}}]"), ("expiredTime", Now.AddDays(1).ToUnixTimeMilliseconds().ToString()),
            ("projectCode", AProject), ("rate", "1")));
        Assert.True(task.Code == 1, task.ToString());

        await Silo.Switch.ProvisionGatewayAsync(new GatewayDefinition("pstn", "carrier.example:5060"));
        await OprOkAsync($$"""{"msgType":"seatgroup_config","groupPhone":"{{AGroupPhone}}","seatGroupNo":"{{AGroup}}"}""");
        await OprOkAsync($$"""{"msgType":"seat_register","seatPhone":"{{ASeatPhone}}","seatGroupNo":"{{AGroup}}","seatId":"{{ASeat}}","pwd":"pw{{ASeat}}"}""");
        Assert.True(Silo.Network.RegisterPhone(ASeatPhone, DemoDomain, "pw" + ASeat));
        Silo.Network.SetPhonePolicy(ASeatPhone, DemoDomain, PhoneAnswerPolicy.Immediate());
        await Silo.SettleAsync();
        await OprOkAsync($$"""{"msgType":"opr_login","seatId":"{{ASeat}}","operatorId":"{{AOperator}}"}""");
        await Silo.SettleAsync();
    }

    public static HttpContent Form(params (string Key, string Value)[] fields)
        => new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    public Task<RawResponse> PlatformAsync(HttpMethod method, string path, string? json, string? key = AdminKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return RawResponse.SendAsync(Silo.Http, request);
    }

    /// <summary>POST /api with raw bytes (the operator console).</summary>
    public Task<RawResponse> OprAsync(byte[] body, string? apiKey = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        return RawResponse.SendAsync(Silo.Http, request);
    }

    public async Task<JsonObject> OprOkAsync(string json, string? apiKey = null)
    {
        var reply = await OprAsync(Encoding.UTF8.GetBytes(json), apiKey);
        var body = JsonNode.Parse(reply.Body)!.AsObject();
        Assert.True(body["status"]?.GetValue<string>() == "ok", json + " → " + reply);
        return body;
    }

    /// <summary>What tenant A has, read through its own read endpoints: compared before and after hostile input.</summary>
    public async Task<string> SnapshotAAsync()
    {
        var parts = new List<string>();
        async Task Read(string method, string path) => parts.Add(path + " " + Volatile((await ManagementA.SendAsync(method, path, null)).Body));
        await Read("GET", $"/callcenter/callProject/api/getExtentionByProject/v1?projectCode={AProject}");
        await Read("GET", "/freeswitch/gateway/api/getList/v1");
        await Read("GET", "/callcenter/blacklist/api/getList/v1");
        await Read("GET", $"/callcenter/callTask/api/callTaskStatus/v1?callTaskCode={ATask}");
        await Read("GET", "/callcenter/callLog/api/getList/v1");
        await Read("GET", "/callcenter/tenant/api/getSettings/v1");
        parts.Add("seat " + (await OprAsync(Encoding.UTF8.GetBytes($$"""{"msgType":"getSeatState","seatId":"{{ASeat}}"}"""))).Body);
        parts.Add("tenants " + (await PlatformAsync(HttpMethod.Get, "platform/tenants", null)).Body);
        return string.Join("\n", parts);
    }

    /// <summary>The management envelope's time of answer changes between reads; nothing else may.</summary>
    private static string Volatile(string body)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node.Remove("timestamp");
        node.Remove("requestTime");
        return node.ToJsonString();
    }
}

/// <summary>A management-API client with the legacy signature, a fresh timestamp per request (so that replay protection
/// never mistakes two requests for one).</summary>
public sealed class SignedClient(HttpClient http, string account, string secret, SecuritySystem system)
{
    public string Account => account;

    public string SignFor(long timestamp) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(account + timestamp + secret)));

    public Task<RawResponse> SendAsync(string method, string pathAndQuery, HttpContent? content, Action<HttpRequestMessage>? tweak = null)
    {
        // Distinct timestamps within the signature window (±5 min), one per request.
        var timestamp = system.Now.ToUnixTimeMilliseconds() - 60_000 + system.Next() % 120_000;
        var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery.TrimStart('/')) { Content = content };
        request.Headers.Add("account", account);
        request.Headers.Add("timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("sign", SignFor(timestamp));
        tweak?.Invoke(request);
        return RawResponse.SendAsync(http, request);
    }
}

/// <summary>An HTTP answer, read fully.</summary>
public sealed record RawResponse(HttpStatusCode Status, string Body, string? ContentType)
{
    public static async Task<RawResponse> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        using (var response = await http.SendAsync(request))
            return new RawResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public int Code => Json.GetProperty("reqResult").GetProperty("code").GetInt32();

    public JsonElement Data => Json.GetProperty("data");

    public override string ToString() => $"{(int)Status} {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}

[CollectionDefinition(Name)]
public sealed class SecuritySystemCollection : ICollectionFixture<SecuritySystem>
{
    public const string Name = "security system";
}

/// <summary>Runs many requests a few at a time (the machine has two cores; the silo serves them concurrently).</summary>
public static class Batch
{
    public static async Task<T[]> RunAsync<TIn, T>(IReadOnlyList<TIn> inputs, Func<TIn, Task<T>> send, int parallel = 8)
    {
        var results = new T[inputs.Count];
        await Parallel.ForAsync(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) => results[i] = await send(inputs[i]));
        return results;
    }
}
