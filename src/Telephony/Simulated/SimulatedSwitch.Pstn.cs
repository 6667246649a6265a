namespace CallCenter.Telephony.Simulated;

// PSTN behaviour profiles and inbound traffic.
public sealed partial class SimulatedSwitch
{
    public void SetProfile(string name, PstnProfile profile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(profile);
        lock (_gate) _profiles[name] = profile;
    }

    public void AssignGatewayProfile(string gateway, string profile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gateway);
        ArgumentException.ThrowIfNullOrWhiteSpace(profile);
        lock (_gate) _gatewayProfiles[gateway] = profile;
    }

    public void AddNumberProfile(string pattern, string profile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        ArgumentException.ThrowIfNullOrWhiteSpace(profile);
        var compiled = CompilePattern(pattern);
        lock (_gate) _numberProfiles.Insert(0, (compiled, profile));
    }

    public void StartInboundTraffic(InboundTrafficOptions traffic)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        ArgumentException.ThrowIfNullOrWhiteSpace(traffic.Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(traffic.Number);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(traffic.CallsPerHour);
        Act(traffic, static (s, options) =>
        {
            if (s._traffic.TryGetValue(options.Name, out var running) && !running.Stopped) throw new InvalidOperationException($"inbound traffic '{options.Name}' is already running");
            var stream = new InboundTraffic(options);
            s._traffic[options.Name] = stream;
            s.ScheduleNextArrival(stream);
            return true;
        });
    }

    public bool StopInboundTraffic(string name) =>
        Act(name, static (s, n) =>
        {
            if (!s._traffic.TryGetValue(n ?? "", out var stream) || stream.Stopped) return false;
            stream.Stopped = true;
            stream.NextArrival?.Cancel();
            stream.NextArrival = null;
            return true;
        });

    public InboundTrafficStats? GetInboundTrafficStats(string name)
    {
        lock (_gate) return _traffic.TryGetValue(name ?? "", out var stream) ? stream.ToStats() : null;
    }

    /// <summary>Poisson arrivals: exponential gaps with mean 1/rate.</summary>
    private void ScheduleNextArrival(InboundTraffic stream)
    {
        var meanGapSeconds = 3600.0 / stream.Options.CallsPerHour;
        var gap = TimeSpan.FromTicks(Math.Max(1, (long)(-meanGapSeconds * Math.Log(1 - _random.NextDouble()) * TimeSpan.TicksPerSecond)));
        stream.NextArrival = After(gap, () =>
        {
            if (stream.Stopped) return;
            stream.Arrivals++;
            var caller = RandomCallerNumber(stream.Options);
            if (ArriveLocked(caller, stream.Options.Number, stream.Options.Gateway, stream.Options.Profile, stream) is null) stream.Blocked++;
            ScheduleNextArrival(stream);
        });
    }

    private string RandomCallerNumber(InboundTrafficOptions options)
    {
        var prefix = options.CallerNumberPrefix ?? "";
        var digits = Math.Max(0, options.CallerNumberLength - prefix.Length);
        var builder = new System.Text.StringBuilder(prefix, prefix.Length + digits);
        for (var i = 0; i < digits; i++) builder.Append((char)('0' + _random.Next(10)));
        return builder.ToString();
    }

    private PstnProfile ProfileFor(string number, string gateway)
    {
        foreach (var (pattern, name) in _numberProfiles)
        {
            if (pattern.IsMatch(number) && _profiles.TryGetValue(name, out var matched)) return matched;
        }
        if (_gatewayProfiles.TryGetValue(gateway, out var assigned) && _profiles.TryGetValue(assigned, out var forGateway)) return forGateway;
        return _profiles.TryGetValue(_options.DefaultProfile, out var fallback) ? fallback : _profiles[SimulatedNetworkOptions.DefaultProfileName];
    }

    /// <summary>Whether a number is out of service is a property of the number (hashed with the seed), not a coin toss
    /// per call: redialling a dead number fails again.</summary>
    private bool IsUnallocated(string number, PstnProfile profile)
    {
        if (profile.UnallocatedRate <= 0) return false;
        if (profile.UnallocatedRate >= 1) return true;
        var hash = 2166136261u ^ (uint)_options.Seed;
        foreach (var c in number)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return hash % 1_000_000 / 1_000_000.0 < profile.UnallocatedRate;
    }
}
