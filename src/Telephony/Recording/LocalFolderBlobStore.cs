using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.Recording;

/// <summary>
/// <see cref="IBlobStore"/> over a local folder: the embedded default for recordings and prompts. Each key maps to a file
/// under <see cref="LocalFolderBlobStoreOptions.Root"/>; writes go to a temporary file that is renamed into place, so a
/// reader sees the old blob or the new one, never half of one. A content type that the key's extension does not imply is
/// kept in a sidecar file next to the blob.
/// </summary>
public sealed partial class LocalFolderBlobStore : IBlobStore
{
    // Reserved suffixes: a key may not end with them, so no blob can be mistaken for (or overwrite) a sidecar or a
    // write in progress.
    private const string SidecarSuffix = ".content-type";
    private const string TemporarySuffix = ".partial";

    private readonly string _root;
    private readonly ILogger _logger;

    public LocalFolderBlobStore(IOptions<LocalFolderBlobStoreOptions> options, ILogger<LocalFolderBlobStore>? logger = null)
        : this(options.Value, logger)
    {
    }

    public LocalFolderBlobStore(LocalFolderBlobStoreOptions options, ILogger<LocalFolderBlobStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Root);
        _root = Path.GetFullPath(options.Root);
        _logger = logger ?? NullLogger<LocalFolderBlobStore>.Instance;
        Directory.CreateDirectory(_root);
    }

    /// <summary>The absolute folder this store writes under.</summary>
    public string Root => _root;

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var sidecar = path + SidecarSuffix;
        if (string.Equals(contentType, ContentTypes.ForKey(key), StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(sidecar);
        }
        else
        {
            await WriteAtomicallyAsync(sidecar, async file =>
            {
                await using var writer = new StreamWriter(file, leaveOpen: true);
                await writer.WriteAsync(contentType.AsMemory(), cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }

        await WriteAtomicallyAsync(path, file => content.CopyToAsync(file, cancellationToken), cancellationToken).ConfigureAwait(false);
        LogStored(key, contentType);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        try
        {
            // FileShare.Delete lets a concurrent PutAsync rename a new version over this one while it is being read.
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public async Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        var file = new FileInfo(path);
        if (!file.Exists) return null;
        var contentType = ContentTypes.ForKey(key);
        var sidecar = path + SidecarSuffix;
        if (File.Exists(sidecar))
        {
            try
            {
                contentType = (await File.ReadAllTextAsync(sidecar, cancellationToken).ConfigureAwait(false)).Trim();
            }
            catch (FileNotFoundException)
            {
                // Removed between the check and the read by a PutAsync that reverted to the implied type.
            }
        }
        return new BlobInfo(key, file.Length, contentType, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        var existed = File.Exists(path);
        File.Delete(path);
        File.Delete(path + SidecarSuffix);
        return Task.FromResult(existed);
    }

    /// <summary>Maps a key to its file, refusing anything that is not a plain relative key or that would land outside the
    /// root (checked again on the resolved path, in case a rule above ever misses a trick).</summary>
    private string PathFor(string key)
    {
        BlobKeys.Validate(key);
        if (key.EndsWith(SidecarSuffix, StringComparison.OrdinalIgnoreCase) || key.EndsWith(TemporarySuffix, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"blob keys may not end with '{SidecarSuffix}' or '{TemporarySuffix}'", nameof(key));
        }
        var full = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("blob key resolves outside the store's root", nameof(key));
        }
        return full;
    }

    private static async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await write(file).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored blob {BlobKey} ({ContentType})")]
    private partial void LogStored(string blobKey, string contentType);
}
