namespace CallCenter.Runtime;

/// <summary>Settings of the grain runtime, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class RuntimeOptions
{
    public const string SectionName = "Runtime";

    /// <summary>How long a caller waits for a grain call (queueing included) before it fails with
    /// <see cref="GrainCallTimeoutException"/>. Measured in real time even under a virtual clock, so a deadlock surfaces.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation that received no call or reminder for this long is deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for; an idle activation goes at most two quanta after
    /// <see cref="CollectionAge"/>.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Send every call's arguments, result and exception through the wire serializer even in-process, as a call to
    /// another silo would. Off in production single-process hosts for speed; on in every test host so that a
    /// non-serializable argument fails in tests rather than in the first multi-silo deployment.
    /// </summary>
    public bool SerializeCalls { get; set; }

    /// <summary>Real-time budget of <see cref="Grain.OnActivateAsync"/>; its token is cancelled afterwards.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Real-time budget of <see cref="Grain.OnDeactivateAsync"/>; its token is cancelled afterwards.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Shortest period a reminder may have; reminders are durable and each tick is a storage write.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Items a stream subscription may have queued before the oldest are dropped (visible as a gap in the
    /// sequence numbers), so a slow subscriber never holds up the publisher or other subscribers.</summary>
    public int StreamSubscriberQueueCapacity { get; set; } = 10_000;
}
