using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallCenter.Dialer;
using CallCenter.Management.CallLogs;
using CallCenter.Telephony.Simulated;
using CallCenter.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Dialer.Tests;

/// <summary>The whole system on the virtual clock with the demo tenant; campaigns are driven over the signed REST API.</summary>
public sealed class DialerSystem : IAsyncDisposable
{
    public const string Account = "demo", Secret = "demo-management-secret-change-me", Domain = "demo.callcenter.local";
    private int _sequence;
    private long _lastTimestamp;

    public TestSilo Silo { get; private set; } = null!;

    public static async Task<DialerSystem> StartAsync(string storage = "Memory")
    {
        var system = new DialerSystem();
        system.Silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            VirtualTime = true,
            Storage = storage,
            Settings = { ["environment"] = "Development", ["Telephony:Provider"] = "Simulated" },
        });
        return system;
    }

    /// <summary>Drives a silo a test started itself (to add its own services).</summary>
    public static DialerSystem Attach(TestSilo silo) => new() { Silo = silo };

    public DateTimeOffset Now => Silo.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    public string Unique(string prefix) => prefix + Interlocked.Increment(ref _sequence);

    public async Task<JsonElement> CallAsync(string path, params (string Key, string Value)[] fields)
    {
        // A later timestamp each time, as a real client's: the virtual clock stands still and the server refuses a
        // signature it has seen (replay protection).
        var ts = Math.Max(Now.ToUnixTimeMilliseconds(), _lastTimestamp + 1);
        _lastTimestamp = ts;
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))),
        };
        request.Headers.Add("account", Account);
        request.Headers.Add("timestamp", ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("sign", Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(Account + ts + Secret))));
        using var response = await Silo.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static int Code(JsonElement e) => e.GetProperty("reqResult").GetProperty("code").GetInt32();

    /// <summary>A project whose agents' phones answer at once (or as <paramref name="phones"/> says) and who are available.</summary>
    public async Task<List<string>> AgentsAsync(string project, int count, PhoneAnswerPolicy? phones = null)
    {
        var created = await CallAsync("/callcenter/callProject/api/createProject/v1", ("projectCode", project), ("seats", count.ToString()));
        Assert.Equal(1, Code(created));
        var certificate = created.GetProperty("data").GetProperty("certificate").GetString()!;
        var agents = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var claim = await CallAsync("/callcenter/callProject/api/getByCertificate/v1", ("certificate", certificate), ("type", "2"));
            var username = claim.GetProperty("data").GetProperty("username").GetString()!;
            Silo.Network.SetPhonePolicy(username, Domain, phones ?? PhoneAnswerPolicy.Immediate());
            Assert.True(Silo.Network.RegisterPhone(username, Domain, claim.GetProperty("data").GetProperty("password").GetString()));
            agents.Add(username);
        }
        await Silo.SettleAsync();
        Assert.Equal(1, Code(await CallAsync("/callcenter/callProject/api/setWorkStatusByProjectCode/v1", ("projectCode", project), ("workStatus", "1"))));
        return agents;
    }

    public async Task<string> GatewayAsync(int lines, PstnProfile profile)
    {
        var added = await CallAsync("/freeswitch/gateway/api/add/v1", ("gwName", "line"), ("registerType", "2"), ("realm", "carrier.example.com"), ("status", "1"),
            ("returnVisit", "0"), ("billType", "2"), ("billsec", "6"), ("price", "10"), ("expectCount", lines.ToString()));
        Assert.Equal(1, Code(added));
        var code = added.GetProperty("data").GetProperty("gwCode").GetString()!;
        var name = Unique("profile");
        Silo.Network.SetProfile(name, profile);
        Silo.Network.AssignGatewayProfile($"demo-gw-{code}", name);
        return code;
    }

    public async Task<JsonElement> ImportAsync(string listId, IEnumerable<string> numbers)
        => await CallAsync("/callcenter/callList/api/import/v1", ("callListId", listId), ("numbers", JsonSerializer.Serialize(numbers)));

    public async Task<JsonElement> StatusAsync(string task)
    {
        var status = await CallAsync("/callcenter/callTask/api/callTaskStatus/v1", ("callTaskCode", task));
        Assert.Equal(1, Code(status));
        return status.GetProperty("data");
    }

    /// <summary>Advances virtual time in steps until the task has ended (status 4) or the budget is spent.</summary>
    public async Task<JsonElement> RunUntilEndedAsync(string task, TimeSpan budget, TimeSpan? step = null)
    {
        var end = Now + budget;
        while (Now < end)
        {
            await Silo.AdvanceAsync(step ?? TimeSpan.FromSeconds(5));
            var s = await StatusAsync(task);
            if (s.GetProperty("status").GetInt32() == 4 && s.GetProperty("runningCount").GetInt64() == 0) return s;
        }
        return await StatusAsync(task);
    }

    public async Task<IReadOnlyList<CallLogEntry>> LogsAsync(string task)
    {
        var page = await Silo.Services.GetRequiredService<ICallLogStore>().QueryAsync(new CallLogQuery("demo", 1, 100_000, CallTaskCode: task));
        return page.Items;
    }

    public ValueTask DisposeAsync() => Silo.DisposeAsync();
}
