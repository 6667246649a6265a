using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCenter.Telephony;
using CallCenter.Telephony.Simulated;
using CallCenter.TestSupport;
using CallCenter.Time;

namespace CallCenter.Opr.Tests;

/// <summary>
/// The running system as an operator client sees it: POST /api with JSON, websockets for pushes, and the simulated
/// network's far ends (the operators' handsets, callers, dialled numbers).
/// </summary>
public sealed class OprHarness : IAsyncDisposable
{
    public const string Domain = "demo.callcenter.local";
    public const string Gateway = "pstn";

    private readonly List<OprPushClient> _clients = [];

    private OprHarness(TestSilo silo) => Silo = silo;

    public TestSilo Silo { get; }

    public ISimulatedNetwork Network => Silo.Network;

    /// <summary>The tenant of requests without an API key (the demo tenant).</summary>
    public const string Tenant = "demo";

    /// <summary>A grain of the demo tenant's console, to call directly (as another grain would).</summary>
    public ISeatGrain SeatGrain(string seatId) => Silo.Grains.GetGrain<ISeatGrain>(OprKeys.Seat(Tenant, seatId));

    public static async Task<OprHarness> StartAsync(Dictionary<string, string?>? settings = null, bool virtualTime = true, string storage = "Memory",
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, VirtualClock? clock = null)
    {
        var all = new Dictionary<string, string?>
        {
            // Tests that want HTTP callbacks name a URL; the others must not POST to 127.0.0.1:8082.
            ["Opr:Callbacks:DefaultUrl"] = "",
            // appsettings.Production.json (the default environment) selects FreeSWITCH.
            ["Telephony:Provider"] = "Simulated",
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        var silo = await TestSilo.StartAsync(new TestSiloOptions { VirtualTime = virtualTime, Clock = clock, Settings = all, Storage = storage, ConfigureServices = services });
        var harness = new OprHarness(silo);
        await harness.PrepareNetworkAsync();
        return harness;
    }

    /// <summary>A PSTN gateway whose numbers do only what the test tells them.</summary>
    public async Task PrepareNetworkAsync()
    {
        await Silo.Switch.ProvisionGatewayAsync(new GatewayDefinition(Gateway, "carrier.example:5060"));
        Network.SetProfile("manual", PstnProfile.Manual());
        Network.AssignGatewayProfile(Gateway, "manual");
    }

    public async Task<JsonObject> PostAsync(string json, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        using var response = await Silo.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"not a JSON object: {text}");
    }

    public Task<JsonObject> PostAsync(object body, string? apiKey = null) => PostAsync(JsonSerializer.Serialize(body), apiKey);

    /// <summary>Posts and checks the answer is ok.</summary>
    public async Task<JsonObject> OkAsync(object body, string? apiKey = null)
    {
        var reply = await PostAsync(body, apiKey);
        Assert.True(reply["status"]?.GetValue<string>() == "ok", $"{JsonSerializer.Serialize(body)} → {reply.ToJsonString()}");
        return reply;
    }

    public async Task<string> FailedAsync(object body, string? apiKey = null)
    {
        var reply = await PostAsync(body, apiKey);
        Assert.True(reply["status"]?.GetValue<string>() == "failed", $"{JsonSerializer.Serialize(body)} → {reply.ToJsonString()}");
        return reply["reason"]!.GetValue<string>();
    }

    public Task GroupAsync(string groupNo, string groupPhone, int? timeout = null, string? overflowGroup = null)
        => OkAsync(new Dictionary<string, string?> { ["msgType"] = "seatgroup_config", ["groupPhone"] = groupPhone, ["seatGroupNo"] = groupNo, ["timeout"] = timeout?.ToString(), ["overflowGroup"] = overflowGroup }
            .Where(p => p.Value is not null).ToDictionary());

    /// <summary>Registers a seat, registers its phone on the network (answering at once) and logs an operator in.</summary>
    public async Task SeatAsync(string seatId, string seatPhone, string groupNo, string? operatorId = null, bool manualHandset = false)
    {
        await OkAsync(new { msgType = "seat_register", seatPhone, seatGroupNo = groupNo, seatId, pwd = "pw" + seatId });
        Assert.True(Network.RegisterPhone(seatPhone, Domain, "pw" + seatId));
        Network.SetPhonePolicy(seatPhone, Domain, manualHandset ? PhoneAnswerPolicy.Manual() : PhoneAnswerPolicy.Immediate());
        await SettleAsync();
        if (operatorId is not null) await OkAsync(new { msgType = "opr_login", seatId, operatorId });
    }

    public async Task<OprPushClient> ConnectAsync(string seatId, long? since = null, string? apiKey = null)
    {
        var client = await OprPushClient.ConnectAsync(Silo.WebSocketAddress("/api/ws"), seatId, since, apiKey);
        _clients.Add(client);
        return client;
    }

    public Task SettleAsync() => Silo.SettleAsync();

    /// <summary>Lets the network's due work (phones answering at once) happen.</summary>
    public Task AdvanceAsync(double seconds = 1) => Silo.AdvanceAsync(TimeSpan.FromSeconds(seconds));

    /// <summary>An inbound PSTN call to a number; returns the caller's leg id.</summary>
    public string Call(string from, string to)
        => Network.PlaceInboundCall(from, to, Gateway, "manual") ?? throw new InvalidOperationException("the network refused the call");

    /// <summary>The live leg dialled to a number (outbound).</summary>
    public SimulatedLegInfo LegTo(string number)
        => Network.ListLegs().Single(l => l.Direction == LegDirection.Outbound && l.DestinationNumber == number);

    public SimulatedLegInfo? FindLegTo(string number)
        => Network.ListLegs().SingleOrDefault(l => l.Direction == LegDirection.Outbound && l.DestinationNumber == number);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) await client.DisposeAsync();
        await Silo.DisposeAsync();
    }
}
