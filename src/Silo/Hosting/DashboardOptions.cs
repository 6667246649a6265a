namespace CallCenter.Silo.Hosting;

/// <summary>Section "Dashboard": the Orleans Dashboard on the silo (grains, silos, reminders, method profiles). On in
/// the embedded run, off unless enabled in production; always protected.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    public bool Enabled { get; set; }

    /// <summary>Where it is served.</summary>
    public string Path { get; set; } = "/dashboard";

    /// <summary>With <see cref="Password"/>: HTTP Basic credentials every dashboard request must carry. Without a password,
    /// only loopback clients are served (the embedded run on a developer's machine).</summary>
    public string Username { get; set; } = "admin";

    /// <summary>A secret (Key Vault / environment <c>Dashboard__Password</c>), never logged.</summary>
    public string? Password { get; set; }
}
