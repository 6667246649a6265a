namespace CallCenter.Silo.Hosting;

/// <summary>Section "Orleans": the silo's identity in its cluster, its ports and the runtime settings operators tune.</summary>
public sealed class OrleansHostOptions
{
    public const string SectionName = "Orleans";

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "callcenter";

    /// <summary>Stays the same across deployments: stored state and reminders are keyed by it.</summary>
    public string ServiceId { get; set; } = "callcenter";

    /// <summary>Silo-to-silo port (loopback in the embedded run).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port external Orleans clients (stand-alone edges) connect to; 0: none.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>A grain call not answered within this fails with a <see cref="TimeoutException"/> naming it.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Activations unused for this long are deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Orleans' default is one minute; the dialer's 10 s progress reminder and the short watchdogs need less.
    /// Reminders are durable and cheap at this rate only because few grains hold them at once.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
