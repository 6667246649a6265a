namespace CallCenter.Grains.Management;

/// <summary>Section "Management": how the management-API grains behave. Every value has a working default.</summary>
public sealed class ManagementGrainOptions
{
    public const string SectionName = "Management";

    /// <summary>First number of the range project extensions are drawn from (the original's 4-digit extensions).</summary>
    public int ExtensionRangeFirst { get; set; } = 1000;

    /// <summary>Signatures one tenant's replay guard remembers at once (a signature is remembered for its timestamp's
    /// window, 5 minutes by default): past this, new requests are refused until older signatures expire. 100,000 over
    /// 5 minutes is about 330 requests a second per tenant, sustained.</summary>
    public int ReplayGuardCapacity { get; set; } = 100_000;

    public int ExtensionRangeLast { get; set; } = 9999;

    /// <summary>Project-manager extensions one project may hand out.</summary>
    public int MaxManagerExtensions { get; set; } = 10;

    /// <summary>How long an agent's phone rings before the call gives up (agent no answer).</summary>
    public TimeSpan AgentRingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the customer's phone rings before the call gives up (customer no answer).</summary>
    public TimeSpan CustomerRingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Record agent calls from the moment both parties are connected.</summary>
    public bool RecordCalls { get; set; } = true;

    /// <summary>The prompt asking the customer to rate the call (press 1, 2 or 3): a blob key or a switch prompt name.</summary>
    public string SatisfactionPrompt { get; set; } = "prompts/satisfaction.wav";

    /// <summary>How long the customer has to press a key in the satisfaction survey.</summary>
    public TimeSpan SatisfactionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a call waits for its recording to be closed before writing its call log without it.</summary>
    public TimeSpan RecordingWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A gateway channel reservation older than this is considered leaked (its release was lost) and dropped.</summary>
    public TimeSpan MaxCallDuration { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The period of the durable watchdog reminder every call carries until its call log is written, so a call
    /// log is never lost to a restart between the call's end and the write.</summary>
    public TimeSpan CallWatchdogPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The offset of the tenants' local time: gateway daily call limits roll over at its midnight. China has one
    /// time zone and no daylight saving, so a fixed offset is exact for the original's users.</summary>
    public TimeSpan LocalTimeOffset { get; set; } = TimeSpan.FromHours(8);
}
