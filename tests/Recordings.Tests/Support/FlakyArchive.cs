using System.Collections.Concurrent;
using CallCenter.Telephony;
using CallCenter.Telephony.Recording;

namespace CallCenter.Recordings.Tests.Support;

/// <summary>An archive in memory that can be "down" (every call fails as a storage outage would), and that notes the
/// time of every upload attempt.</summary>
public sealed class FlakyArchive(TimeProvider clock) : IRecordingArchive
{
    private readonly InMemoryBlobStore _blobs = new(clock);

    public volatile bool Down;

    public ConcurrentQueue<DateTimeOffset> Attempts { get; } = new();

    public string Provider => "Fake";

    public bool IsSpool => false;

    public IReadOnlyCollection<string> Keys => _blobs.Keys;

    public Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        Attempts.Enqueue(clock.GetUtcNow());
        return Down ? Task.FromException(new HttpRequestException("storage unreachable")) : _blobs.PutAsync(key, content, contentType, cancellationToken);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) => Guard() ?? _blobs.OpenReadAsync(key, cancellationToken);

    public Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
        => Down ? Task.FromException<BlobInfo?>(new HttpRequestException("storage unreachable")) : _blobs.GetInfoAsync(key, cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
        => Down ? Task.FromException<bool>(new HttpRequestException("storage unreachable")) : _blobs.DeleteAsync(key, cancellationToken);

    public Task<Uri?> GetDownloadUriAsync(string key, DateTimeOffset expiresOn, CancellationToken cancellationToken = default) => Task.FromResult<Uri?>(null);

    private Task<Stream?>? Guard() => Down ? Task.FromException<Stream?>(new HttpRequestException("storage unreachable")) : null;
}
