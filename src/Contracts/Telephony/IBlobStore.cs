namespace CallCenter.Telephony;

/// <summary>Where recordings and voice prompts are kept: a local folder (embedded default) or Azure Blob (production).
/// Keys are relative, '/'-separated, and start with the tenant id.</summary>
public interface IBlobStore
{
    Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default);
    /// <returns>The content, or null if there is no such blob.</returns>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);
    Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default);
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable, Alias("telephony.BlobInfo")]
public sealed record BlobInfo(string Key, long Length, string ContentType, DateTimeOffset LastModified);
