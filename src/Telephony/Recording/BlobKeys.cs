namespace CallCenter.Telephony.Recording;

/// <summary>
/// Validates blob keys before they reach a file system or a cloud container. Keys come from grains that build them from
/// tenant ids and call ids, i.e. partly from user input, so anything that could climb out of the store's root is refused.
/// </summary>
public static class BlobKeys
{
    public const int MaxLength = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is a relative, '/'-separated path of
    /// plain segments.</summary>
    public static void Validate(string key)
    {
        if (!IsValid(key, out var reason)) throw new ArgumentException($"invalid blob key '{Describe(key)}': {reason}", nameof(key));
    }

    public static bool IsValid(string? key, out string reason)
    {
        if (string.IsNullOrEmpty(key)) { reason = "empty"; return false; }
        if (key.Length > MaxLength) { reason = "too long"; return false; }
        if (key[0] == '/') { reason = "absolute path"; return false; }
        if (key.Contains('\\')) { reason = "backslash (use '/')"; return false; }
        if (key.Contains(':')) { reason = "drive or scheme separator"; return false; }
        foreach (var c in key)
        {
            if (char.IsControl(c)) { reason = "control character"; return false; }
        }
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0) { reason = "empty segment"; return false; }
            if (segment is "." or "..") { reason = "relative segment"; return false; }
            if (segment.EndsWith('.') || segment.EndsWith(' ')) { reason = "segment ends with a dot or space"; return false; }
        }
        reason = "";
        return true;
    }

    // Keys may carry user input; never echo more than a short, printable prefix into logs or messages.
    private static string Describe(string? key)
    {
        if (key is null) return "(null)";
        var printable = new string(key.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return key.Length > 80 ? printable + "…" : printable;
    }
}
