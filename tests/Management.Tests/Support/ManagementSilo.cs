using System.Text.Json;
using CallCenter.Management.Accounts;
using CallCenter.Telephony;
using CallCenter.Telephony.Simulated;
using CallCenter.Tenancy;
using CallCenter.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Management.Tests.Support;

/// <summary>
/// One running system (virtual time, SQLite storage so call logs go through SQL) with the demo tenant, its published API
/// account, a second tenant for isolation tests, and the helpers the scenarios share. Shared by the tests of a class;
/// every test uses its own project codes so they do not see each other.
/// </summary>
public class ManagementSilo : IAsyncLifetime
{
    public const string DemoAccount = "demo";
    public const string DemoSecret = "demo-management-secret-change-me";
    public const string DemoDomain = "demo.callcenter.local";
    public const string OtherTenant = "other";
    public const string OtherAccount = "other-account";
    public const string OtherSecret = "other-secret-0123456789";
    public const string OtherDomain = "other.callcenter.local";

    private int _sequence;

    public TestSilo Silo { get; private set; } = null!;

    public SignedApi Api { get; private set; } = null!;

    public SignedApi OtherApi { get; private set; } = null!;

    public IGrainFactory Grains => Silo.Grains;

    public ISimulatedNetwork Network => Silo.Network;

    public DateTimeOffset Now => Silo.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>Sqlite here; PostgreSQL in <see cref="PostgresManagementSilo"/>.</summary>
    protected virtual string Storage => "Sqlite";

    /// <summary>What finishProject told "the dialer".</summary>
    public RecordingProjectParticipant Dialer { get; } = new();

    public virtual TestSiloOptions Options => new()
    {
        VirtualTime = true,
        Storage = Storage,
        ConfigureServices = services => services.AddSingleton<CallCenter.Grains.Management.Projects.IProjectLifecycleParticipant>(Dialer),
        Settings =
        {
            // The embedded run's settings, whatever environment the test host reports.
            ["environment"] = "Development",
            ["Telephony:Provider"] = "Simulated",
            ["Management:Servers"] = "wss://fs.example.com:7443",
            ["Management:NativeServers"] = "fs.example.com:5161",
            // Lowered so the voice-upload limits are tested with small files.
            ["Management:Voices:MaxBytes"] = "2097152",
            ["Management:Voices:MaxDuration"] = "00:01:00",
            ["Edge:Stomp:DefaultTenant"] = "demo",
            // These tests send hundreds of wrong signatures from one address on purpose; lock-outs would turn the
            // refusals they check into 429s. Brute-force protection has its own tests (Silo.Tests/LoginProtectionTests).
            ["Security:LoginThrottle:MaxFailures"] = "1000000",
            ["Security:LoginThrottle:MaxAddressFailures"] = "1000000",
        },
    };

    public async Task InitializeAsync()
    {
        Silo = await TestSilo.StartAsync(Options);
        await ProvisionOtherTenantAsync();
        Api = new SignedApi(Silo.Http, DemoAccount, DemoSecret, () => Now);
        OtherApi = new SignedApi(Silo.Http, OtherAccount, OtherSecret, () => Now);
        // Customers behind every gateway only do what a test tells them to.
        Network.SetProfile("manual", PstnProfile.Manual());
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();

    /// <summary>A code unique in this silo, e.g. "p7".</summary>
    public string Unique(string prefix) => prefix + Interlocked.Increment(ref _sequence);

    public Task SettleAsync() => Silo.SettleAsync();

    public Task AdvanceAsync(TimeSpan by) => Silo.AdvanceAsync(by);

    public async Task ProvisionOtherTenantAsync()
    {
        await Grains.GetGrain<ITenantGrain>(OtherTenant).ProvisionAsync(new TenantProvisioning("Other", OtherDomain, new TenantSettings()));
        var added = await Grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(OtherTenant)).AddApiAccountAsync(OtherAccount, OtherSecret);
        Assert.True(added.Ok, added.Error.ToString());
    }

    /// <summary>createProject; returns the certificate.</summary>
    public async Task<string> CreateProjectAsync(string projectCode, int seats = 2, SignedApi? api = null)
    {
        var created = await (api ?? Api).PostAsync("/callcenter/callProject/api/createProject/v1", ("projectCode", projectCode), ("seats", seats.ToString()));
        Assert.Equal(1, created.Code);
        return created.Data.GetProperty("certificate").GetString()!;
    }

    /// <summary>getByCertificate; returns username and password.</summary>
    public async Task<(string Username, string Password)> ClaimAsync(string certificate, int type = 2, SignedApi? api = null)
    {
        var claimed = await (api ?? Api).GetAsync("/callcenter/callProject/api/getByCertificate/v1", ("certificate", certificate), ("type", type.ToString()));
        Assert.Equal(1, claimed.Code);
        return (claimed.Data.GetProperty("username").GetString()!, claimed.Data.GetProperty("password").GetString()!);
    }

    /// <summary>A project with <paramref name="agents"/> claimed, registered agents whose phones ring until answered.</summary>
    public async Task<List<string>> AgentsAsync(string projectCode, int agents, string domain = DemoDomain, SignedApi? api = null)
    {
        var certificate = await CreateProjectAsync(projectCode, agents, api);
        var usernames = new List<string>();
        for (var i = 0; i < agents; i++)
        {
            var (username, password) = await ClaimAsync(certificate, api: api);
            Network.SetPhonePolicy(username, domain, PhoneAnswerPolicy.Manual());
            Assert.True(Network.RegisterPhone(username, domain, password));
            usernames.Add(username);
        }
        await SettleAsync();
        return usernames;
    }

    /// <summary>A gateway with a 6-second price rule (10 fen per started 6 s) whose customers answer only when told.</summary>
    public async Task<(string GwCode, string SwitchName)> GatewayAsync(int expectCount = 5, SignedApi? api = null, string tenant = "demo", string? mobilePrefix = null)
    {
        var fields = new List<(string, string)>
        {
            ("gwName", "电信线路"), ("registerType", "2"), ("realm", "carrier.example.com:5060"), ("status", "1"), ("returnVisit", "0"),
            ("billType", "2"), ("billsec", "6"), ("price", "10"), ("expectCount", expectCount.ToString()), ("originationCallId", "02100000000"),
        };
        if (mobilePrefix is not null) fields.Add(("mobilePhonePrefix", mobilePrefix));
        var added = await (api ?? Api).PostAsync("/freeswitch/gateway/api/add/v1", fields.ToArray());
        Assert.Equal(1, added.Code);
        var code = added.Data.GetProperty("gwCode").GetString()!;
        var switchName = $"{tenant}-gw-{code}";
        Network.AssignGatewayProfile(switchName, "manual");
        return (code, switchName);
    }

    /// <summary>The live leg with id <paramref name="destination"/>, or ringing or up at <paramref name="destination"/> (an
    /// extension or a dialled number).</summary>
    public SimulatedLegInfo Leg(string destination)
        => Network.ListLegs().Single(l => l.LegId == destination || l.DestinationNumber == destination || l.WireNumber.EndsWith(destination, StringComparison.Ordinal));

    public SimulatedLegInfo? FindLeg(Func<SimulatedLegInfo, bool> predicate) => Network.ListLegs().FirstOrDefault(predicate);

    public async Task AnswerAsync(string destination)
    {
        Assert.True(Network.AnswerFarEnd(Leg(destination).LegId), $"could not answer {destination}");
        await SettleAsync();
    }

    public async Task<JsonElement> CallLogAsync(string callId, SignedApi? api = null)
    {
        var list = await (api ?? Api).GetAsync("/callcenter/callLog/api/getList/v1", ("pageSize", "1000"));
        Assert.Equal(1, list.Code);
        return list.Data.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("callId").GetString() == callId);
    }
}

/// <summary>The same system on PostgreSQL (production's storage), in a schema of its own on the server the test script
/// started (<c>CALLCENTER_TEST_POSTGRES</c>); without it these tests fail, on purpose, as the storage suite's do.</summary>
public sealed class PostgresManagementSilo : ManagementSilo
{
    protected override string Storage => "Postgres";
}
