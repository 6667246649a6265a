namespace CallCenter.Recording;

/// <summary>Section "Recording": which archive keeps recordings for good. The local folder
/// (<c>Recording:LocalFolder:Root</c>) is always the spool recordings are written to first.</summary>
public sealed class RecordingArchiveOptions
{
    public const string SectionName = "Recording";

    /// <summary>LocalFolder (embedded default: the spool is the archive) or AzureBlob.</summary>
    public RecordingProvider Provider { get; set; } = RecordingProvider.LocalFolder;

    public AzureBlobArchiveOptions Azure { get; set; } = new();
}

public enum RecordingProvider
{
    LocalFolder,
    AzureBlob,
}

/// <summary>Section "Recording:Azure". Credentials, in the order they are tried: <see cref="ConnectionString"/>;
/// <see cref="AccountUrl"/> with <see cref="AccountKey"/>; <see cref="AccountUrl"/> alone, with
/// <c>DefaultAzureCredential</c> (managed identity in Azure, developer credentials elsewhere).</summary>
public sealed class AzureBlobArchiveOptions
{
    /// <summary>A storage connection string (Azurite's, or an account's with its key). A secret: keep it in Key Vault or
    /// the environment, never in appsettings.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob endpoint, e.g. https://account.blob.core.windows.net.</summary>
    public string? AccountUrl { get; set; }

    /// <summary>The account's shared key, with <see cref="AccountUrl"/>. A secret, as above.</summary>
    public string? AccountKey { get; set; }

    /// <summary>The client id of a user-assigned managed identity for <c>DefaultAzureCredential</c>; empty: the
    /// system-assigned one (or whatever the environment provides).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The one container of every tenant's recordings (blob names start with the tenant id).</summary>
    public string Container { get; set; } = "recordings";

    /// <summary>Create the container at start-up if it is missing (needs the right to; off when the deployment creates
    /// it).</summary>
    public bool CreateContainer { get; set; } = true;

    /// <summary>Retries the client makes inside one upload attempt; the upload outbox retries beyond that with its own
    /// backoff, so this stays small and an attempt during an outage fails fast.</summary>
    public int ClientMaxRetries { get; set; } = 1;

    /// <summary>Timeout of one network operation of the client.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a user-delegation key (for SAS links under managed identity) is requested for; it is reused
    /// until an hour before it ends. At most 7 days (Azure's limit).</summary>
    public TimeSpan UserDelegationKeyLifetime { get; set; } = TimeSpan.FromDays(1);
}
