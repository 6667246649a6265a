using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using CallCenter.Recordings;
using BlobInfo = CallCenter.Telephony.BlobInfo;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCenter.Recording;

/// <summary>
/// The production archive: one Azure Blob container for every tenant, each blob named by its recording key, which starts
/// with the tenant id (<see cref="RecordingKeys"/>). Only well-formed recording keys are accepted, so nothing can name a
/// blob outside the tenant prefixes, and a download link is a read-only SAS for exactly one blob: an account-key SAS
/// when the client holds the key (connection string, account key), a user-delegation SAS under managed identity.
/// </summary>
public sealed partial class AzureBlobRecordingArchive : IRecordingArchive
{
    // Built on first use: a misconfigured archive then fails each upload (retried, the spool keeps the file, the
    // archive grain's status says why) instead of failing the activation of every grain that depends on it.
    private readonly Lazy<BlobServiceClient> _service;
    private readonly Lazy<BlobContainerClient> _container;
    private readonly AzureBlobArchiveOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _keyGate = new(1, 1);
    private volatile bool _containerReady;
    private UserDelegationKey? _delegationKey;

    public AzureBlobRecordingArchive(AzureBlobArchiveOptions options, TimeProvider? clock = null, ILogger<AzureBlobRecordingArchive>? logger = null)
    {
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? NullLogger<AzureBlobRecordingArchive>.Instance;
        _service = new Lazy<BlobServiceClient>(() => CreateClient(options));
        _container = new Lazy<BlobContainerClient>(() => _service.Value.GetBlobContainerClient(options.Container));
    }

    public string Provider => nameof(RecordingProvider.AzureBlob);

    public bool IsSpool => false;

    /// <summary>The container's URI (no credentials in it).</summary>
    public Uri ContainerUri => _container.Value.Uri;

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        // Overwrites: an upload retried after a lost acknowledgement writes the same bytes again.
        await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken).ConfigureAwait(false);
        LogUploaded(key);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new BlobInfo(key, properties.ContentLength, properties.ContentType, properties.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        try
        {
            return (await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false; // no container yet: nothing to delete
        }
    }

    public async Task<Uri?> GetDownloadUriAsync(string key, DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
        {
            BlobContainerName = _container.Value.Name,
            BlobName = blob.Name,
            Resource = "b",
            ContentDisposition = $"attachment; filename=\"{Path.GetFileName(key)}\"",
        };
        if (blob.CanGenerateSasUri) return blob.GenerateSasUri(sas);

        // Managed identity: no key here, so the link is signed with a user-delegation key the service hands out.
        var delegation = await DelegationKeyAsync(expiresOn, cancellationToken).ConfigureAwait(false);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(delegation, _service.Value.AccountName) }.ToUri();
    }

    private BlobClient Blob(string key)
    {
        if (!RecordingKeys.TryParse(key, out _)) throw new ArgumentException("not a recording key: the archive holds tenants' recordings only", nameof(key));
        return _container.Value.GetBlobClient(key);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady || !_options.CreateContainer) return;
        // Created lazily, by the first upload, so a silo starts (and spools) during a storage outage.
        await _container.Value.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _containerReady = true;
    }

    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset linkExpiresOn, CancellationToken cancellationToken)
    {
        await _keyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _clock.GetUtcNow();
            if (_delegationKey is { } cached && cached.SignedExpiresOn - TimeSpan.FromHours(1) > now && cached.SignedExpiresOn >= linkExpiresOn) return cached;
            var lifetime = _options.UserDelegationKeyLifetime > TimeSpan.FromDays(7) ? TimeSpan.FromDays(7) : _options.UserDelegationKeyLifetime;
            var until = now + lifetime < linkExpiresOn ? linkExpiresOn : now + lifetime;
            _delegationKey = (await _service.Value.GetUserDelegationKeyAsync(now.AddMinutes(-5), until, cancellationToken).ConfigureAwait(false)).Value;
            return _delegationKey;
        }
        finally
        {
            _keyGate.Release();
        }
    }

    private static BlobServiceClient CreateClient(AzureBlobArchiveOptions options)
    {
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = Math.Max(0, options.ClientMaxRetries);
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString)) return new BlobServiceClient(options.ConnectionString, clientOptions);
        if (string.IsNullOrWhiteSpace(options.AccountUrl))
            throw new InvalidOperationException("Recording:Provider is AzureBlob but neither Recording:Azure:ConnectionString nor Recording:Azure:AccountUrl is set");
        var accountUrl = new Uri(options.AccountUrl);
        if (!string.IsNullOrWhiteSpace(options.AccountKey))
        {
            var accountName = new BlobUriBuilder(accountUrl).AccountName;
            return new BlobServiceClient(accountUrl, new StorageSharedKeyCredential(accountName, options.AccountKey), clientOptions);
        }
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
        });
        return new BlobServiceClient(accountUrl, credential, clientOptions);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Archived recording {BlobKey} in Azure Blob")]
    private partial void LogUploaded(string blobKey);
}
