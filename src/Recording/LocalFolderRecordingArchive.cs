using CallCenter.Recordings;
using CallCenter.Telephony;
using CallCenter.Telephony.Recording;

namespace CallCenter.Recording;

/// <summary>The embedded default archive: the local folder that is also the spool, so a spooled recording is already
/// archived. It cannot sign links; recordings are downloaded through the edge's streamed endpoint.</summary>
public sealed class LocalFolderRecordingArchive(LocalFolderBlobStore folder) : IRecordingArchive
{
    public string Provider => nameof(RecordingProvider.LocalFolder);

    public bool IsSpool => true;

    public Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
        => folder.PutAsync(key, content, contentType, cancellationToken);

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) => folder.OpenReadAsync(key, cancellationToken);

    public Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => folder.GetInfoAsync(key, cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => folder.DeleteAsync(key, cancellationToken);

    public Task<Uri?> GetDownloadUriAsync(string key, DateTimeOffset expiresOn, CancellationToken cancellationToken = default) => Task.FromResult<Uri?>(null);
}
