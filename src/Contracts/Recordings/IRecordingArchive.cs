using CallCenter.Telephony;

namespace CallCenter.Recordings;

/// <summary>
/// Where recordings are kept for good (<c>Recording:Provider</c>): the local folder (embedded default, which is also the
/// spool every recording is written to first) or an Azure Blob container. Keys are <see cref="RecordingKeys"/>'.
/// </summary>
public interface IRecordingArchive : IBlobStore
{
    /// <summary>"LocalFolder" or "AzureBlob".</summary>
    string Provider { get; }

    /// <summary>True when the archive is the spool itself: a spooled recording is already archived, and the spool file is
    /// the archived one (never deleted after "upload").</summary>
    bool IsSpool { get; }

    /// <summary>A link a client can fetch without any of our credentials, valid until <paramref name="expiresOn"/> and
    /// for this one blob only (Azure: a read-only SAS); null when the provider cannot sign links.</summary>
    Task<Uri?> GetDownloadUriAsync(string key, DateTimeOffset expiresOn, CancellationToken cancellationToken = default);
}
