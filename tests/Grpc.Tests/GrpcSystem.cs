using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using CallCenter.Grpc.V1;
using CallCenter.Management.Accounts;
using CallCenter.Telephony.Simulated;
using CallCenter.Tenancy;
using CallCenter.TestSupport;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Grpc.Tests;

/// <summary>
/// The real host (silo and edge, virtual time) with its h2c gRPC port, the demo tenant, a second tenant for isolation,
/// and gRPC clients that sign every call with the management account's MD5 signature on the silo's clock.
/// </summary>
public class GrpcSystem : IAsyncLifetime
{
    public const string DemoAccount = "demo", DemoSecret = "demo-management-secret-change-me", DemoDomain = "demo.callcenter.local";
    public const string DemoApiKey = "demo-opr-key-change-me";
    public const string OtherTenant = "other", OtherAccount = "other-account", OtherSecret = "other-secret-0123456789", OtherDomain = "other.callcenter.local";
    public const string WalledTenant = "walled", WalledAccount = "walled-account", WalledSecret = "walled-secret-0123456789";

    private int _sequence;
    private readonly List<GrpcChannel> _channels = [];

    public TestSilo Silo { get; private set; } = null!;

    public int GrpcPort { get; } = FreePort();

    public Clients Demo { get; private set; } = null!;

    public Clients Other { get; private set; } = null!;

    public DateTimeOffset Now => Silo.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    public ISimulatedNetwork Network => Silo.Network;

    public string Unique(string prefix) => prefix + Interlocked.Increment(ref _sequence);

    /// <summary>Further settings of a variant of the system.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            VirtualTime = true,
            Storage = "Sqlite",
            Settings =
            {
                ["environment"] = "Development",
                ["Telephony:Provider"] = "Simulated",
                ["Grpc:Port"] = GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Grpc:Reflection"] = "true",
                ["Grpc:PollInterval"] = "00:00:01",
            },
        }.With(Settings));
        await ProvisionAsync(OtherTenant, "Other", OtherDomain, OtherAccount, OtherSecret);
        await ProvisionAsync(WalledTenant, "Walled", "walled.callcenter.local", WalledAccount, WalledSecret);
        var walled = await Silo.Grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(WalledTenant)).SetIpAllowListAsync(["10.0.0.0/8"]);
        Assert.True(walled.Ok);
        Demo = Signed(DemoAccount, DemoSecret);
        Other = Signed(OtherAccount, OtherSecret);
    }

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels) channel.Dispose();
        await Silo.DisposeAsync();
    }

    public GrpcChannel Channel()
    {
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
        _channels.Add(channel);
        return channel;
    }

    private long _lastTimestamp;

    /// <summary>Clients whose every call carries account, timestamp (the silo's clock) and sign. Every call gets a
    /// timestamp of its own, increasing, from 30 s behind the clock: a reused (account, timestamp, sign) is refused as a
    /// replay, and many calls share one virtual millisecond.</summary>
    public Clients Signed(string account, string secret)
        => new(Channel().Intercept(headers =>
        {
            long last, next;
            do
            {
                last = Volatile.Read(ref _lastTimestamp);
                next = Math.Max(last + 1, Now.ToUnixTimeMilliseconds() - 30_000);
            }
            while (Interlocked.CompareExchange(ref _lastTimestamp, next, last) != last);
            var ts = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers.Add("account", account);
            headers.Add("timestamp", ts);
            headers.Add("sign", Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(account + ts + secret))));
            return headers;
        }));

    public Clients WithHeaders(params (string Key, string Value)[] headers)
        => new(Channel().Intercept(metadata =>
        {
            foreach (var (k, v) in headers) metadata.Add(k, v);
            return metadata;
        }));

    private async Task ProvisionAsync(string tenant, string name, string domain, string account, string secret)
    {
        await Silo.Grains.GetGrain<ITenantGrain>(tenant).ProvisionAsync(new TenantProvisioning(name, domain, new TenantSettings()));
        var added = await Silo.Grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(tenant)).AddApiAccountAsync(account, secret);
        Assert.True(added.Ok, added.Error.ToString());
    }

    /// <summary>A project with registered agents whose phones answer at once, available (idle) unless told otherwise.</summary>
    public async Task<List<string>> AgentsAsync(Clients clients, string project, int count, string domain = DemoDomain, bool idle = true)
    {
        var created = await clients.Projects.CreateProjectAsync(new CreateProjectRequest { ProjectCode = project, Seats = count });
        var agents = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var grant = await clients.Projects.ClaimExtensionAsync(new ClaimExtensionRequest { Certificate = created.Certificate, Role = AgentRole.Agent });
            Network.SetPhonePolicy(grant.Username, domain, PhoneAnswerPolicy.Immediate());
            Assert.True(Network.RegisterPhone(grant.Username, domain, grant.Password));
            agents.Add(grant.Username);
        }
        await Silo.SettleAsync();
        if (idle)
        {
            foreach (var agent in agents) await clients.Agents.SetAgentStateAsync(new SetAgentStateRequest { Username = agent, WorkStatus = WorkStatus.Idle });
        }
        await Silo.SettleAsync();
        return agents;
    }

    /// <summary>A gateway whose customers behave as <paramref name="profile"/> says.</summary>
    public async Task<string> GatewayAsync(Clients clients, int lines, PstnProfile profile, string tenant = "demo")
    {
        var gateway = await clients.Gateways.CreateGatewayAsync(new CreateGatewayRequest
        {
            Name = "line", RegisterType = 2, Realm = "carrier.example.com", Enabled = true, ExpectCount = lines, BillSeconds = 6, PriceFen = 10,
        });
        var name = Unique("profile");
        Network.SetProfile(name, profile);
        Network.AssignGatewayProfile($"{tenant}-gw-{gateway.GwCode}", name);
        return gateway.GwCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class TestSiloOptionsExtensions
{
    public static TestSiloOptions With(this TestSiloOptions options, IReadOnlyDictionary<string, string> settings)
    {
        foreach (var (key, value) in settings) options.Settings[key] = value;
        return options;
    }
}

/// <summary>Every callcenter.v1 client over one call invoker.</summary>
public sealed class Clients(CallInvoker invoker)
{
    public ProjectService.ProjectServiceClient Projects { get; } = new(invoker);
    public AgentService.AgentServiceClient Agents { get; } = new(invoker);
    public GatewayService.GatewayServiceClient Gateways { get; } = new(invoker);
    public CampaignService.CampaignServiceClient Campaigns { get; } = new(invoker);
    public CallService.CallServiceClient Calls { get; } = new(invoker);
    public EventService.EventServiceClient Events { get; } = new(invoker);
}

[CollectionDefinition(Name)]
public sealed class GrpcCollection : ICollectionFixture<GrpcSystem>
{
    public const string Name = "grpc";
}
