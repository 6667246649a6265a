using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;
using CallCenter.Time;

namespace CallCenter.Telephony.Tests.Support;

/// <summary>A simulated network on a virtual clock with every event recorded: the fixture of the simulator's own tests.
/// Far ends do nothing by themselves unless a test configures them to.</summary>
internal sealed class SimulatorHarness : IAsyncDisposable
{
    public const string Domain = "tenant-a.example";

    private readonly List<SwitchEvent> _events = [];
    private readonly Lock _gate = new();
    private readonly IDisposable _subscription;

    public SimulatorHarness(Action<SimulatedNetworkOptions>? configure = null, IBlobStore? recordings = null, DateTimeOffset? start = null)
    {
        Clock = start is { } at ? new VirtualClock(at) : new VirtualClock();
        Options = new SimulatedNetworkOptions { Phones = PhoneAnswerPolicy.Manual() };
        Options.Profiles[SimulatedNetworkOptions.DefaultProfileName] = PstnProfile.Manual();
        configure?.Invoke(Options);
        Recordings = recordings ?? new InMemoryBlobStore(Clock);
        Network = new SimulatedSwitch(Options, Clock, Recordings);
        _subscription = Network.Subscribe(e =>
        {
            lock (_gate) _events.Add(e);
            return ValueTask.CompletedTask;
        });
    }

    public VirtualClock Clock { get; }
    public SimulatedNetworkOptions Options { get; }
    public SimulatedSwitch Network { get; }
    public ISwitch Switch => Network;
    public IBlobStore Recordings { get; }

    public IReadOnlyList<SwitchEvent> Events
    {
        get { lock (_gate) return _events.ToArray(); }
    }

    public IReadOnlyList<SwitchEvent> Of(string legId) => Events.Where(e => e.LegId == legId).ToArray();

    public T Last<T>(string legId) where T : SwitchEvent => Of(legId).OfType<T>().Last();

    public T Single<T>(string legId) where T : SwitchEvent => Assert.Single(Of(legId).OfType<T>());

    public Task AdvanceAsync(TimeSpan by) => Clock.AdvanceAsync(by, Network.WhenIdleAsync);

    public Task AdvanceAsync(double seconds) => AdvanceAsync(TimeSpan.FromSeconds(seconds));

    public Task SettleAsync() => AdvanceAsync(TimeSpan.Zero);

    public async Task PhoneAsync(string extension, bool register = true)
    {
        await Switch.ProvisionExtensionAsync(new ExtensionCredentials(extension, Domain, "pw-" + extension));
        if (register) Assert.True(Network.RegisterPhone(extension, Domain));
        await SettleAsync();
    }

    public async Task GatewayAsync(string name, int channelLimit = 0)
    {
        await Switch.ProvisionGatewayAsync(new GatewayDefinition(name, "carrier.example:5060", ChannelLimit: channelLimit));
        await SettleAsync();
    }

    public async Task<string> CallAsync(Endpoint destination, string? callId = null, TimeSpan? ringTimeout = null, string role = "customer")
    {
        var legId = Guid.NewGuid().ToString();
        callId ??= "call-" + Guid.NewGuid().ToString("N");
        var variables = new Dictionary<string, string> { [ChannelVariables.Call] = callId, [ChannelVariables.Role] = role };
        await Switch.OriginateAsync(new OriginateRequest(legId, callId, destination, "4000", RingTimeout: ringTimeout, Variables: variables));
        await SettleAsync();
        return legId;
    }

    public Task<string> CallExtensionAsync(string extension, string? callId = null, string role = "agent") =>
        CallAsync(new ExtensionEndpoint(extension, Domain), callId, role: role);

    /// <summary>An answered leg to a fresh registered extension.</summary>
    public async Task<string> AnsweredExtensionLegAsync(string extension, string? callId = null, string role = "agent")
    {
        await PhoneAsync(extension);
        var leg = await CallExtensionAsync(extension, callId, role);
        Assert.True(Network.AnswerFarEnd(leg));
        await SettleAsync();
        return leg;
    }

    /// <summary>Agent and customer legs, answered and bridged.</summary>
    public async Task<(string Agent, string Customer)> BridgedPairAsync(string agentExtension = "1001", string customerExtension = "1002")
    {
        var callId = "call-" + Guid.NewGuid().ToString("N");
        var agent = await AnsweredExtensionLegAsync(agentExtension, callId, "agent");
        var customer = await AnsweredExtensionLegAsync(customerExtension, callId, "customer");
        await Switch.BridgeAsync(agent, customer);
        await SettleAsync();
        return (agent, customer);
    }

    public static IReadOnlyList<Type> Types(IEnumerable<SwitchEvent> events) => events.Select(e => e.GetType()).ToArray();

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await Network.DisposeAsync();
    }
}
