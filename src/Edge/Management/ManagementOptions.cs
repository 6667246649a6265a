namespace CallCenter.Edge.Management;

/// <summary>Settings of the management-API edge (section "Management", shared with the grains' settings).</summary>
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>WebRTC (SIP over websocket) address handed to agents: createProject's and getByCertificate's
    /// <c>servers</c>.</summary>
    public string Servers { get; set; } = "ws://127.0.0.1:5066";

    /// <summary>SIP address for native softphones: <c>nativeServers</c>.</summary>
    public string NativeServers { get; set; } = "127.0.0.1:5060";

    /// <summary>How far a request's timestamp may be from the server's clock (the original allowed 5 minutes).</summary>
    public TimeSpan SignatureWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest form or JSON body; uploads (uploadVoiceFile) may use up to <c>Edge:MaxRequestBodyBytes</c>.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest page of a list endpoint.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>The tenants' local time offset: date-times without an offset (beginTime "2020-05-15 16:47:32") are in it.</summary>
    public TimeSpan LocalTimeOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Prefix turning a recording's blob key into the call log's <c>recordFile</c> (the media server's path in
    /// the original), e.g. "/var/lib/freeswitch/recordings/". Empty: the blob key itself.</summary>
    public string RecordingFilePrefix { get; set; } = "";

    /// <summary>The bucket name of <c>recordFileQiniu</c> ("bucket|key" in the original).</summary>
    public string RecordingBucket { get; set; } = "recordings";

    public WebhookOptions Webhooks { get; set; } = new();

    public ManagementPushOptions Push { get; set; } = new();

    public VoiceUploadOptions Voices { get; set; } = new();
}

/// <summary>Section "Management:Push": how this edge stays subscribed to the management event hubs.</summary>
public sealed class ManagementPushOptions
{
    /// <summary>How often the edge renews its subscriptions (the hubs drop an edge after
    /// <c>Management:EventHubs:SubscriptionExpiry</c>, 2 minutes) and checks it missed nothing.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The edge's part of section "Management:Webhooks": whether this edge hands task and extension-state notifications to
/// the tenant's durable outbox grain. Delivery itself (retries, timeouts, capacity) is the outbox's and its settings are
/// read from the same section by <c>WebhookOutboxOptions</c>. The outbox drops repeats, so every edge may enqueue.
/// </summary>
public sealed class WebhookOptions
{
    public bool Enabled { get; set; } = true;
}
