using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCenter.Telephony.Simulated;

/// <summary>
/// The embedded default media server: an in-process telephone network behind <see cref="ISwitch"/> (DESIGN.md §5), with
/// phones, PSTN parties, gateways, conferences and supervision, driven by one seeded random source and the
/// <see cref="TimeProvider"/> it is given. Its other face, <see cref="ISimulatedNetwork"/>, lets tests and web pages act
/// as the people on the network. See docs/simulated-network.md.
/// </summary>
/// <remarks>
/// All state sits behind one lock: commands arrive from many grains at once, and one lock keeps the model simple and the
/// event order total. Events are published under that lock and delivered by <see cref="EventDispatcher"/> outside it.
/// </remarks>
public sealed partial class SimulatedSwitch : ISwitch, ISimulatedNetwork, IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    private readonly Lock _gate = new();
    private readonly SimulatedNetworkOptions _options;
    private readonly TimeProvider _time;
    private readonly IBlobStore _recordings;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly EventDispatcher _events;
    private readonly SimulationScheduler _scheduler;
    private readonly Dictionary<string, SimulatedLeg> _legs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedPhone> _phones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedGateway> _gateways = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedConference> _conferences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PstnProfile> _profiles;
    private readonly Dictionary<string, string> _gatewayProfiles;
    private readonly List<(Regex Pattern, string Profile)> _numberProfiles = [];
    private readonly Dictionary<string, TimeSpan> _promptLengths;
    private readonly Dictionary<string, InboundTraffic> _traffic = new(StringComparer.Ordinal);
    private int _phoneOrdinal;
    private DateTimeOffset _lastStamp;
    private bool _disposed;

    public SimulatedSwitch(SimulatedNetworkOptions options, TimeProvider timeProvider, IBlobStore recordingStore, ILogger<SimulatedSwitch>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(recordingStore);
        _options = options;
        _time = timeProvider;
        _recordings = recordingStore;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _random = new Random(options.Seed);
        _events = new EventDispatcher(_logger);
        _scheduler = new SimulationScheduler(_gate, timeProvider, ex => LogScheduledWorkFailed(ex));

        // Copies: the control surface changes these at run time without touching the bound options.
        _profiles = new Dictionary<string, PstnProfile>(options.Profiles, StringComparer.OrdinalIgnoreCase);
        _profiles.TryAdd(SimulatedNetworkOptions.DefaultProfileName, PstnProfile.Default());
        _profiles.TryAdd(options.DefaultProfile, PstnProfile.Default());
        _gatewayProfiles = new Dictionary<string, string>(options.GatewayProfiles, StringComparer.Ordinal);
        // Later rules are checked first, so a rule added at run time overrides configured ones.
        foreach (var rule in options.NumberProfiles) _numberProfiles.Insert(0, (CompilePattern(rule.Pattern), rule.Profile));
        _promptLengths = new Dictionary<string, TimeSpan>(options.PromptLengths, StringComparer.OrdinalIgnoreCase);

        foreach (var traffic in options.InboundTraffic) StartInboundTraffic(traffic);
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The time stamped on events, read under the lock: never earlier than the last one, so a system clock
    /// stepping back cannot make a leg's events go back in time.</summary>
    private DateTimeOffset CurrentTime
    {
        get
        {
            var now = _time.GetUtcNow();
            if (now < _lastStamp) return _lastStamp;
            _lastStamp = now;
            return now;
        }
    }

    public IDisposable Subscribe(Func<SwitchEvent, ValueTask> handler) => _events.Subscribe(handler);

    public Task WhenIdleAsync() => _events.WhenIdleAsync();

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var traffic in _traffic.Values) traffic.NextArrival?.Cancel();
        }
        _scheduler.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs a command under the lock, then whatever it set off "now"; failures become a faulted task, as from a
    /// remote switch.</summary>
    private Task Execute<TState>(CancellationToken cancellationToken, TState state, Action<SimulatedSwitch, TState> command)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                try
                {
                    command(this, state);
                }
                finally
                {
                    _scheduler.RunSoon();
                }
            }
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>Runs a network-side action (a person on the network doing something) under the lock.</summary>
    private TResult Act<TState, TResult>(TState state, Func<SimulatedSwitch, TState, TResult> action)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                return action(this, state);
            }
            finally
            {
                _scheduler.RunSoon();
            }
        }
    }

    private ScheduledWork After(TimeSpan delay, Action action) => _scheduler.After(CurrentTime, delay, action);

    private bool Chance(double probability) => probability > 0 && (probability >= 1 || _random.NextDouble() < probability);

    private SimulatedLeg RequireLeg(string command, string legId)
    {
        if (legId is not null && _legs.TryGetValue(legId, out var leg)) return leg;
        throw Refused(command, $"no such channel '{legId}'");
    }

    private static SwitchCommandException Refused(string command, string reason) => new(command, reason);

    /// <summary>A FreeSWITCH-style uuid, drawn from the seeded source so replays name legs identically.</summary>
    private string NewUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    private static IReadOnlyDictionary<string, string> Freeze(IReadOnlyDictionary<string, string>? variables) =>
        variables is null || variables.Count == 0 ? SwitchEvent.EmptyVariables : new Dictionary<string, string>(variables, StringComparer.Ordinal);

    private static Regex CompilePattern(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant, RegexTimeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Simulated network work item failed")]
    private partial void LogScheduledWorkFailed(Exception exception);
}
