namespace CallCenter.Runtime.Storage;

/// <summary>A conditional write found a different ETag than expected: someone else wrote first (Orleans' name).</summary>
public sealed class InconsistentStateException(string message, string? storedETag = null, string? currentETag = null)
    : Exception(message)
{
    /// <summary>The ETag the store holds now (null if nothing is stored).</summary>
    public string? StoredETag { get; } = storedETag;

    /// <summary>The ETag the writer expected.</summary>
    public string? CurrentETag { get; } = currentETag;
}
