namespace CallCenter.Edge.Management.Http;

/// <summary>Syntax checks of the identifiers the management API's clients send.</summary>
public static class WireNames
{
    /// <summary>An extension number (username): what the extension grain accepts.</summary>
    public static bool IsExtension(string value)
        => value.Length is > 0 and <= 32 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+');

    /// <summary>A call id (a UUID in practice; any short token is accepted).</summary>
    public static bool IsCallId(string value)
        => value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>A project certificate: hex, as createProject issues them.</summary>
    public static bool IsCertificate(string value) => value.Length is > 0 and <= 64 && value.All(char.IsAsciiHexDigit);

    public static bool IsTaskCode(string value)
        => value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
