
namespace CallCenter.Management.Voices;

/// <summary>
/// A voice code (语音代码) naming an audio file in the blob store, for prompts tasks play and voices agents play into
/// calls. Key: <see cref="KeyFor"/>.
/// </summary>
[Alias("management.voices.IVoiceGrain")]
public interface IVoiceGrain : IGrainWithStringKey
{
    /// <returns>The voice, or null if the code is not registered.</returns>
    Task<VoiceInfo?> GetAsync();

    /// <summary>Registers (or re-points) the code to a blob that already exists under the tenant's prefix.</summary>
    Task<ManagementResult<VoiceInfo>> RegisterAsync(string blobKey, string? sourceKey);

    public static string KeyFor(string tenantId, string voiceCode) => ManagementKeys.Voice(tenantId, voiceCode);

    /// <summary>Letters, digits and <c>_ - .</c>, 1 to 64 characters (also a blob key segment).</summary>
    public static bool IsValidCode(string? code)
        => code is { Length: > 0 and <= 64 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') && code.Trim('.').Length > 0 && !code.EndsWith('.');
}

/// <param name="BlobKey">Where the audio is (starts with the tenant id).</param>
/// <param name="SourceKey">The store key the client gave (qiniuStoreKey), when it registered one rather than uploading.</param>
[GenerateSerializer, Immutable, Alias("management.voices.VoiceInfo")]
public sealed record VoiceInfo(string TenantId, string VoiceCode, string BlobKey, string? SourceKey, DateTimeOffset RegisteredAt);
