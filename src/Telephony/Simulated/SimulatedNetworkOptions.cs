namespace CallCenter.Telephony.Simulated;

/// <summary>
/// The simulated telephone network's configuration, bound from section <see cref="SectionName"/>
/// ("Telephony:Simulated"). See docs/simulated-network.md for an appsettings example.
/// </summary>
public sealed class SimulatedNetworkOptions
{
    public const string SectionName = "Telephony:Simulated";
    public const string DefaultProfileName = "default";

    /// <summary>Seeds the one random source behind every draw, so a run with the same seed, clock and commands replays the
    /// same events.</summary>
    public int Seed { get; set; } = 20260105;

    /// <summary>How long a leg rings before NO_ANSWER when the originate request names no timeout (FreeSWITCH's
    /// call_timeout default).</summary>
    public TimeSpan DefaultRingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Length of a prompt not listed in <see cref="PromptLengths"/>.</summary>
    public TimeSpan DefaultPromptLength { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Prompt lengths by prompt name (or by file name, without folders).</summary>
    public Dictionary<string, TimeSpan> PromptLengths { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long digit collection waits for a digit when the request names no timeout.</summary>
    public TimeSpan DefaultDigitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time between digits a simulated party types.</summary>
    public TimeSpan DigitInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>True: recordings carry a quiet tone; false: silence.</summary>
    public bool RecordingTone { get; set; } = true;

    /// <summary>How extensions answer unless overridden in <see cref="PhonePolicies"/>.</summary>
    public PhoneAnswerPolicy Phones { get; set; } = new();

    /// <summary>Every provisioned extension's phone registers at once, as if each user's softphone were online (the
    /// embedded demo); off in tests, which register phones themselves.</summary>
    public bool AutoRegisterPhones { get; set; }

    /// <summary>Carrier trunks the simulated network has from the start (the embedded run's "pstn" gateway), provisioned
    /// by the host when it starts.</summary>
    public List<GatewayDefinition> Gateways { get; set; } = [];

    /// <summary>Per-extension overrides, keyed "extension@domain".</summary>
    public Dictionary<string, PhoneAnswerPolicy> PhonePolicies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The profile for numbers that no rule and no gateway assignment covers.</summary>
    public string DefaultProfile { get; set; } = DefaultProfileName;

    /// <summary>Named PSTN behaviour profiles; "default" exists unless replaced.</summary>
    public Dictionary<string, PstnProfile> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [DefaultProfileName] = PstnProfile.Default(),
    };

    /// <summary>Profile per gateway name.</summary>
    public Dictionary<string, string> GatewayProfiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Profile overrides by number pattern, first match wins; they take precedence over gateway profiles.</summary>
    public List<NumberProfileRule> NumberProfiles { get; set; } = [];

    /// <summary>Inbound traffic streams started with the network (their gateways must be provisioned for calls to get
    /// through; until then arrivals count as blocked).</summary>
    public List<InboundTrafficOptions> InboundTraffic { get; set; } = [];
}
