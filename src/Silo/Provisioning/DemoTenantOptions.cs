namespace CallCenter.Silo.Provisioning;

/// <summary>Section "DemoTenant": a tenant created on first start so the spec's curl examples work as written.
/// On in the embedded run (appsettings.json), off in production (appsettings.Production.json).</summary>
public sealed class DemoTenantOptions
{
    public bool Enabled { get; set; }
    public string TenantId { get; set; } = "demo";
    public string Name { get; set; } = "Demo tenant";
    public string SipDomain { get; set; } = "demo.callcenter.local";

    /// <summary>An API key for dialects that use one (operator console); published in the README, so demo use only.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The original management websocket had no authentication; the demo tenant keeps that so the spec's
    /// examples connect as written.</summary>
    public bool AllowAnonymousStomp { get; set; } = true;
}
