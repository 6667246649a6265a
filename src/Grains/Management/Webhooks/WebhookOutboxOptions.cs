namespace CallCenter.Grains.Management.Webhooks;

/// <summary>Section "Management:Webhooks": how the per-tenant outbox delivers notifications. Every value has a working
/// default.</summary>
public sealed class WebhookOutboxOptions
{
    public const string SectionName = "Management:Webhooks";

    /// <summary>Deliveries tried per notification (the first included) before it is given up.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry; doubled for each further one (1, 2, 4, 8 s with the defaults).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between retries, whatever the doubling gives.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Per-attempt HTTP timeout (real time). Short, because the attempt runs in the outbox grain's turn.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Notifications waiting per tenant before the oldest are dropped (with a warning and a counter).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>POSTs at most per delivery tick (all URLs together).</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Real time a delivery tick may spend before it leaves the rest to the next tick, so calls queued behind
    /// the tick (enqueues) are not held up for long.</summary>
    public TimeSpan TickBudget { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Period of the delivery timer while notifications are pending.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Period of the durable reminder that re-activates an outbox with pending notifications (after a restart
    /// or an idle deactivation).</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
