using System.Globalization;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>A <see cref="FreeSwitchSwitch"/> connected to a scripted fake FreeSWITCH, with the events it raised.</summary>
internal sealed class SwitchHarness : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);
    private readonly List<SwitchEvent> _events = [];
    private readonly Lock _gate = new();
    private IDisposable? _subscription;

    private SwitchHarness(ScriptedFreeSwitch behaviour, FakeFreeSwitchServer server, FreeSwitchOptions options, IBlobStore? recordings)
    {
        Behaviour = behaviour;
        Server = server;
        Options = options;
        Directory = new InMemoryFreeSwitchDirectory();
        Client = new EventSocketClient(Microsoft.Extensions.Options.Options.Create(options), new TestLogger<EventSocketClient>());
        Logger = new TestLogger<FreeSwitchSwitch>();
        Switch = new FreeSwitchSwitch(Client, Directory, Logger, recordings);
    }

    public ScriptedFreeSwitch Behaviour { get; }

    public FakeFreeSwitchServer Server { get; }

    public FreeSwitchOptions Options { get; }

    public InMemoryFreeSwitchDirectory Directory { get; }

    public EventSocketClient Client { get; }

    public FreeSwitchSwitch Switch { get; }

    public TestLogger<FreeSwitchSwitch> Logger { get; }

    public IReadOnlyList<SwitchEvent> Events
    {
        get
        {
            lock (_gate) return [.. _events];
        }
    }

    public static async Task<SwitchHarness> StartAsync(Action<ScriptedFreeSwitch>? script = null, Action<FreeSwitchOptions>? configure = null, IBlobStore? recordings = null)
    {
        var behaviour = new ScriptedFreeSwitch();
        script?.Invoke(behaviour);
        var server = new FakeFreeSwitchServer(behaviour);
        var options = EventSocketClientTests.OptionsFor(server);
        options.DefaultDomain = "tenant-a.example";
        configure?.Invoke(options);
        var harness = new SwitchHarness(behaviour, server, options, recordings);
        harness._subscription = harness.Switch.Subscribe(e =>
        {
            lock (harness._gate) harness._events.Add(e);
            return ValueTask.CompletedTask;
        });
        await harness.Switch.StartAsync();
        await server.WaitForSessionAsync(1);
        // The first connection lists live channels before the driver settles.
        await server.WaitForCommandAsync(c => c.ApiCommand == "show channels as json");
        await harness.SettleAsync();
        return harness;
    }

    /// <summary>Runs <paramref name="act"/> and returns the commands it sent (api/bgapi command text, or the sendmsg
    /// line).</summary>
    public async Task<IReadOnlyList<FakeCommand>> CommandsOfAsync(Func<ISwitch, Task> act)
    {
        var before = Server.Commands.Count;
        await act(Switch).WaitAsync(Guard);
        await SettleAsync();
        return Server.Commands.Skip(before).Where(c => c.ApiCommand != "status").ToArray();
    }

    public Task SendEventAsync(Dictionary<string, string> headers, string? body = null) => Server.BroadcastEventAsync(headers, body);

    /// <summary>Waits until everything the fake sent so far has been delivered to subscribers: a round trip through
    /// the socket (replies come after earlier events) and then through the event pump.</summary>
    public async Task SettleAsync()
    {
        await Client.ApiAsync("status").WaitAsync(Guard);
        await Switch.WhenEventsDeliveredAsync().WaitAsync(Guard);
    }

    public async Task<T> WaitForAsync<T>(Func<T, bool>? predicate = null) where T : SwitchEvent
    {
        var deadline = DateTime.UtcNow + Guard;
        while (true)
        {
            var found = Events.OfType<T>().FirstOrDefault(e => predicate is null || predicate(e));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {typeof(T).Name}; saw {string.Join(", ", Events.Select(e => e.GetType().Name))}");
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await Switch.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>A channel event as FreeSWITCH serializes it to JSON.</summary>
    public static Dictionary<string, string> ChannelEvent(string name, string legId, long microseconds, Dictionary<string, string>? extra = null)
    {
        var headers = new Dictionary<string, string>
        {
            ["Event-Name"] = name,
            ["Core-UUID"] = "6f1a4c2e-0000-4000-8000-000000000001",
            ["Event-Date-Timestamp"] = microseconds.ToString(CultureInfo.InvariantCulture),
            ["Unique-ID"] = legId,
            ["Channel-Call-UUID"] = legId,
        };
        foreach (var (key, value) in extra ?? []) headers[key] = value;
        return headers;
    }
}
