using System.Collections.Concurrent;

namespace CallCenter.Telephony.Recording;

/// <summary><see cref="IBlobStore"/> in memory, for tests and benchmarks that must not touch the disk.</summary>
public sealed class InMemoryBlobStore(TimeProvider? timeProvider = null) : IBlobStore
{
    private readonly ConcurrentDictionary<string, (byte[] Content, string ContentType, DateTimeOffset LastModified)> _blobs = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public IReadOnlyCollection<string> Keys => _blobs.Keys.ToArray();

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        _blobs[key] = (buffer.ToArray(), contentType, _time.GetUtcNow());
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        return Task.FromResult<Stream?>(_blobs.TryGetValue(key, out var blob) ? new MemoryStream(blob.Content, writable: false) : null);
    }

    public Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        return Task.FromResult(_blobs.TryGetValue(key, out var blob) ? new BlobInfo(key, blob.Content.LongLength, blob.ContentType, blob.LastModified) : null);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        return Task.FromResult(_blobs.TryRemove(key, out _));
    }
}
