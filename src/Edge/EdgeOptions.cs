namespace CallCenter.Edge;

/// <summary>Settings of the edge host, section "Edge".</summary>
public sealed class EdgeOptions
{
    /// <summary>Largest request body any endpoint accepts (uploads of voice files included); dialects set smaller limits
    /// for their JSON bodies and answer those in their own error shape.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;
}
