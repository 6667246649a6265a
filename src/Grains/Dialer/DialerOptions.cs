namespace CallCenter.Grains.Dialer;

/// <summary>The dialer's settings (section "Dialer").</summary>
public sealed class DialerOptions
{
    public const string SectionName = "Dialer";

    /// <summary>How often a running task makes a pacing decision (also on every call event).</summary>
    public TimeSpan PacingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often /topic/callTaskStatus is pushed when a counter changed (the original: 10 s).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan CustomerRingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan AgentRingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Customer-first schedules (1, 2) ask the agent's phone to answer by itself: the customer is already on
    /// the line and hangs up (or is abandoned after <see cref="AbandonTimeout"/>) if the agent's phone rings for
    /// seconds. Off for agents who must accept each call by hand.</summary>
    public bool AgentAutoAnswer { get; set; } = true;

    /// <summary>An answered customer not connected to an agent within this time is abandoned (hears the message).</summary>
    public TimeSpan AbandonTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The information message an abandoned customer hears.</summary>
    public string AbandonPrompt { get; set; } = "dialer/all-agents-busy.wav";

    public double DefaultAbandonCap { get; set; } = 0.03;

    /// <summary>Calls per number per local day across a tenant's tasks.</summary>
    public int DailyLimitPerNumber { get; set; } = 3;

    public TimeSpan LocalTimeOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Record every customer who reaches an agent (as agents' own calls are), under
    /// <c>{tenant}/recordings/{local date}/{callId}.wav</c>; the call-log row names the recording.</summary>
    public bool RecordCalls { get; set; } = true;

    /// <summary>How long a finished call waits for its recording to be closed and stored before its call-log row is
    /// written anyway (a FreeSWITCH upload can finish after the hang-up).</summary>
    public TimeSpan RecordingWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The period of the durable watchdog reminder of every dial call, inbound call and off-hook leg (legs the
    /// switch no longer has, a call log not yet written). Orleans requires it to be at least
    /// <c>Orleans:MinimumReminderPeriod</c> (1 s in our host).</summary>
    public TimeSpan CallWatchdogPeriod { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long after its activation a call (or off-hook leg) found unfinished in storage checks its legs
    /// against the switch: long enough for the events already on their way (often the very one that activated it) to be
    /// handled first, so a hang-up's real cause and billed seconds are not overtaken by the reconciliation's guess.</summary>
    public TimeSpan ReconcileDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound on calls one pacing decision launches.</summary>
    public int MaxLaunchPerDecision { get; set; } = 200;

    /// <summary>Upper bound on calls one turn of the task starts; the rest of a decision continues in the next turn, so
    /// customer-ready and call-finished events are handled between slices.</summary>
    public int MaxLaunchPerTurn { get; set; } = 20;

    /// <summary>How often the task re-reads its agents' grains; in between its own reservations and the call outcomes keep
    /// its view current.</summary>
    public TimeSpan AgentRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);
}
