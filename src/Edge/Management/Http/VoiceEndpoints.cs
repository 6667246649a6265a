using CallCenter.Edge.Tenancy;
using CallCenter.Management;
using CallCenter.Management.Voices;
using CallCenter.Telephony;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Http;

/// <summary>
/// uploadVoiceFile: registers a voice code for an audio file. The spec names a file already in the (Qiniu) store by
/// <c>qiniuStoreKey</c>; here that is a key in the blob store, relative to the tenant's <c>voices/</c> folder unless it
/// already starts with the tenant id. A <c>multipart/form-data</c> upload (field <c>file</c>) is stored at
/// <c>{tenant}/voices/{voiceCode}{extension}</c> and registered in one step.
/// </summary>
internal static class VoiceEndpoints
{
    private static readonly Dictionary<string, string> AudioTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".wav"] = "audio/wav",
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".gsm"] = "audio/gsm",
    };

    public static void Map(RouteGroupBuilder callcenter)
        => callcenter.MapMethods("/callProject/api/uploadVoiceFile/v1", ["POST"], UploadAsync).DisableAntiforgery();

    private static async Task<IResult> UploadAsync(HttpContext http, IGrainFactory grains, IBlobStore blobs, IOptions<ManagementOptions> options, IOptions<EdgeOptions> edge)
    {
        var p = await ManagementParameters.ReadAsync(http, edge.Value.MaxRequestBodyBytes);
        var voiceCode = p.RequiredCode("voiceCode", IVoiceGrain.IsValidCode);
        var tenant = http.GetTenant().TenantId;
        string blobKey;
        string? sourceKey = null;
        var file = p.Files?.GetFile("file") ?? p.Files?.FirstOrDefault();
        if (file is not null)
        {
            var extension = Path.GetExtension(file.FileName);
            if (file.Length == 0) throw new ManagementRequestException(ManagementCodes.BadUpload, "上传的文件为空");
            if (!AudioTypes.TryGetValue(extension, out var contentType))
                throw new ManagementRequestException(ManagementCodes.BadUpload, $"只支持 {string.Join("/", AudioTypes.Keys)} 文件");
            var limits = options.Value.Voices;
            if (file.Length > limits.MaxBytes) throw new ManagementRequestException(ManagementCodes.BadUpload, $"上传的文件过大（最多 {limits.MaxBytes} 字节）");
            if (extension.Equals(".wav", StringComparison.OrdinalIgnoreCase)) await CheckWaveAsync(file, limits, http.RequestAborted);
            blobKey = $"{tenant}/voices/{voiceCode}{extension.ToLowerInvariant()}";
            await using var content = file.OpenReadStream();
            await blobs.PutAsync(blobKey, content, contentType, http.RequestAborted);
        }
        else
        {
            sourceKey = p.Optional("qiniuStoreKey", 512) ?? throw new ManagementRequestException(ManagementCodes.MissingParameter, "缺少参数 qiniuStoreKey 或上传文件 file");
            if (!IsSafeKey(sourceKey)) throw new ManagementRequestException(ManagementCodes.BadFormat, "参数 qiniuStoreKey 格式不正确");
            blobKey = sourceKey.StartsWith(tenant + "/", StringComparison.Ordinal) ? sourceKey : $"{tenant}/voices/{sourceKey}";
        }
        var result = await grains.GetGrain<IVoiceGrain>(IVoiceGrain.KeyFor(tenant, voiceCode)).RegisterAsync(blobKey, sourceKey);
        return result.Ok ? ManagementEnvelope.Ok(new { voiceCode, blobKey }) : ManagementEnvelope.Fail(result.Error, result.Detail);
    }

    /// <summary>A .wav must be one the switch can play into a call; refused before anything is stored.</summary>
    private static async Task CheckWaveAsync(IFormFile file, VoiceUploadOptions limits, CancellationToken cancellationToken)
    {
        var head = new byte[(int)Math.Min(file.Length, WaveFormatInspector.HeadBytes)];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(head, cancellationToken);
        var inspection = WaveFormatInspector.Inspect(head, file.Length);
        if (inspection.Format is not { } format) throw new ManagementRequestException(ManagementCodes.BadUpload, $"WAV 文件无效: {inspection.Refusal}");
        if (format.Duration > limits.MaxDuration)
            throw new ManagementRequestException(ManagementCodes.BadUpload, $"WAV 文件过长（{(long)format.Duration.TotalSeconds} 秒，最多 {(long)limits.MaxDuration.TotalSeconds} 秒）");
    }

    /// <summary>Relative, '/'-separated, plain segments: nothing that could climb out of the tenant's folder.</summary>
    private static bool IsSafeKey(string key)
        => key[0] != '/' && !key.Contains('\\') && !key.Contains(':')
           && key.Split('/').All(s => s.Length > 0 && s is not "." and not ".." && !s.EndsWith('.') && !s.Any(char.IsControl));
}
