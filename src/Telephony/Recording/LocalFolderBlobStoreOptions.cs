namespace CallCenter.Telephony.Recording;

/// <summary>Where the embedded default keeps recordings and prompts. Bound from configuration section
/// <see cref="SectionName"/>.</summary>
public sealed class LocalFolderBlobStoreOptions
{
    public const string SectionName = "Recording:LocalFolder";

    /// <summary>The folder that holds every blob; relative paths are resolved against the process's current directory.</summary>
    public string Root { get; set; } = Path.Combine("data", "blobs");
}
