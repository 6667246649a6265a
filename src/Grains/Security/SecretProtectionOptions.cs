namespace CallCenter.Grains.Security;

/// <summary>Section "Security".</summary>
public sealed class SecretProtectionOptions
{
    /// <summary>The AES-256 key, base64 (32 bytes). Production supplies it from a secret store through the environment
    /// (<c>Security__SecretKey</c>).</summary>
    public string? SecretKey { get; set; }

    /// <summary>Used when <see cref="SecretKey"/> is empty: a key file created on first start (the embedded run keeps it
    /// in the data directory, readable by the owner only).</summary>
    public string? SecretKeyFile { get; set; }
}
