namespace CallCenter.Telephony.Recording;

/// <summary>Content types of the media a contact center stores, by file extension, so the local store needs a sidecar
/// only for the unusual case.</summary>
public static class ContentTypes
{
    public const string Wav = "audio/wav";
    public const string OctetStream = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".wav"] = Wav,
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".opus"] = "audio/opus",
        [".json"] = "application/json",
        [".txt"] = "text/plain",
        [".csv"] = "text/csv",
        [".pdf"] = "application/pdf",
    };

    /// <summary>The content type implied by the key's extension, or <see cref="OctetStream"/>.</summary>
    public static string ForKey(string key) => ByExtension.TryGetValue(Path.GetExtension(key), out var type) ? type : OctetStream;
}
