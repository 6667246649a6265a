using Microsoft.Extensions.Logging;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// Moves a finished recording from the folder FreeSWITCH wrote it to (seen here through a shared mount,
/// <see cref="FreeSwitchOptions.RecordingLocalDirectory"/>) into the recording blob store under its blob key.
/// </summary>
internal sealed class RecordingUploader(IBlobStore? store, FreeSwitchOptions options, ILogger logger)
{
    public bool Enabled => store is not null && !string.IsNullOrEmpty(options.RecordingLocalDirectory);

    /// <summary>Uploads; failures are logged and the recording is still reported, since the call must go on and the
    /// file stays where FreeSWITCH put it for an operator to recover.</summary>
    public async Task UploadAsync(RecordingFinished recording, CancellationToken cancellationToken)
    {
        if (store is null || string.IsNullOrEmpty(options.RecordingLocalDirectory)) return;
        if (recording.BlobKey.StartsWith('/'))
        {
            logger.LogWarning("Recording {Path} is outside the recording directory; not uploaded", recording.BlobKey);
            return;
        }
        var root = Path.GetFullPath(options.RecordingLocalDirectory);
        var file = Path.GetFullPath(Path.Combine(root, recording.BlobKey));
        if (!file.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            logger.LogWarning("Recording key {BlobKey} escapes the recording directory; not uploaded", recording.BlobKey);
            return;
        }
        try
        {
            await using (var content = File.OpenRead(file))
            {
                await store.PutAsync(recording.BlobKey, content, ContentType(file), cancellationToken).ConfigureAwait(false);
            }
            if (options.DeleteRecordingAfterUpload) File.Delete(file);
            logger.LogInformation("Uploaded recording {BlobKey} ({Duration})", recording.BlobKey, recording.Duration);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or HttpRequestException)
        {
            logger.LogError(ex, "Uploading recording {BlobKey} from {File} failed; the file is left in place", recording.BlobKey, file);
        }
    }

    private static string ContentType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".wav" => "audio/wav",
        ".mp3" => "audio/mpeg",
        ".ogg" => "audio/ogg",
        _ => "application/octet-stream",
    };
}
