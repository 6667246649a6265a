namespace CallCenter.Edge.Management;

/// <summary>Section "Management:Voices": limits of uploadVoiceFile (docs/management-api.md, "Voices").</summary>
public sealed class VoiceUploadOptions
{
    /// <summary>Largest uploaded file (also bounded by <c>Edge:MaxRequestBodyBytes</c>, the whole request).</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Longest prompt: a WAV whose data plays longer is refused.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(10);
}
