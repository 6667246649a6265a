namespace CallCenter.Telephony.FreeSwitch;

/// <summary>How to reach and drive a FreeSWITCH media server; bound from the <c>Telephony:FreeSwitch</c> configuration
/// section. See docs/telephony.md for what the FreeSWITCH side must be configured with.</summary>
public sealed class FreeSwitchOptions
{
    public const string SectionName = "Telephony:FreeSwitch";

    /// <summary>Address of mod_event_socket (inbound mode).</summary>
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 8021;

    /// <summary>The event_socket.conf.xml password. A secret: never logged, masked in <see cref="ToString"/>.</summary>
    public string Password { get; set; } = "";

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command waits for its reply (and, while disconnected, for the connection to come back).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First delay before reconnecting; doubled after each failed attempt up to <see cref="ReconnectMaxDelay"/>,
    /// with random jitter so a fleet of control-plane nodes does not reconnect in lock-step.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The sofia profile phones register to (<c>flush_inbound_reg</c> on extension removal).</summary>
    public string SofiaProfile { get; set; } = "internal";

    /// <summary>The sofia profile that carries the PSTN gateways (<c>killgw</c>/<c>rescan</c>).</summary>
    public string GatewayProfile { get; set; } = "external";

    /// <summary>SIP domain used for an extension endpoint that names none.</summary>
    public string DefaultDomain { get; set; } = "";

    /// <summary>mod_conference profile used for every conference.</summary>
    public string ConferenceProfile { get; set; } = "default";

    /// <summary>Where FreeSWITCH writes recordings, as a path on the FreeSWITCH host; a recording's blob key is
    /// appended to it.</summary>
    public string RecordingDirectory { get; set; } = "/var/lib/freeswitch/recordings";

    /// <summary>The same directory as this process sees it (a shared mount). When set and a blob store is registered,
    /// finished recordings are uploaded to the blob store under their key and then deleted here.</summary>
    public string? RecordingLocalDirectory { get; set; }

    public bool DeleteRecordingAfterUpload { get; set; } = true;

    /// <summary>Prefix for prompts given as relative names; empty leaves them to FreeSWITCH's sound_prefix.</summary>
    public string PromptDirectory { get; set; } = "";

    /// <summary>Ring time for an originate that does not say (FreeSWITCH <c>originate_timeout</c>).</summary>
    public TimeSpan DefaultRingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Optional HTTP basic-auth credentials mod_xml_curl must present (its <c>gateway-credentials</c>).</summary>
    public string? XmlCurlUsername { get; set; }

    public string? XmlCurlPassword { get; set; }

    /// <summary>Directory domain served to sofia's <c>parse="true"</c> domain to define the gateways.</summary>
    public string GatewayDirectoryDomain { get; set; } = "cc-gateways";

    public override string ToString() =>
        $"FreeSWITCH {Host}:{Port} (password {(string.IsNullOrEmpty(Password) ? "not set" : "set")}, profile {SofiaProfile}, gateways on {GatewayProfile})";
}
