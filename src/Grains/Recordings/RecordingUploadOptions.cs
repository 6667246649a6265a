namespace CallCenter.Grains.Recordings;

/// <summary>Section "Recording:Upload": how a tenant's archive grain moves spooled recordings into the archive. Every
/// value has a working default.</summary>
public sealed class RecordingUploadOptions
{
    public const string SectionName = "Recording:Upload";

    /// <summary>Wait before the first retry of a failed upload; doubled for each further one.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between retries: an outage delays recordings by at most about this much after it ends.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a queued recording whose spool file does not exist is looked for (the switch may still be writing
    /// it) before its row is marked missing. Storage failures are retried forever; only an absent file is given up.</summary>
    public TimeSpan MissingFileGiveUp { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Uploads waiting per tenant; beyond it the enqueue is refused and the call's watchdog retries its close-out
    /// (nothing is dropped: the recording waits in the spool, its row says pending).</summary>
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>Uploads at most per tick.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Real time a tick may spend before it leaves the rest to the next one.</summary>
    public TimeSpan TickBudget { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Period of the upload timer while uploads are pending.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Period of the durable reminder that re-activates an archive grain with pending uploads after a restart.</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Section "Recording:Retention": how long recordings are kept, per tenant.</summary>
public sealed class RecordingRetentionOptions
{
    public const string SectionName = "Recording:Retention";

    /// <summary>Days a recording is kept after its call ended, for tenants without their own value; 0 keeps them forever.</summary>
    public int Days { get; set; }

    /// <summary>Per-tenant days (tenant id → days; 0 keeps that tenant's recordings forever), overriding <see cref="Days"/>.</summary>
    public Dictionary<string, int> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Period of the retention reminder (at least Orleans' minimum reminder period).</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Recordings deleted at most per sweep; the rest wait for the next one.</summary>
    public int MaxPerSweep { get; set; } = 5_000;

    public int DaysFor(string tenantId) => Tenants.TryGetValue(tenantId, out var days) ? days : Days;
}
