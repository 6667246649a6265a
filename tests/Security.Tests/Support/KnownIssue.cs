using System.Text;
using System.Text.Json;

namespace CallCenter.Security.Tests.Support;

/// <summary>
/// Generated inputs that the product answers wrongly today and that another branch fixes (issue 15: the shared StrictJson
/// rule for duplicate keys and invalid UTF-8; STOMP close codes for oversize, binary and invalid UTF-8 messages). The
/// families leave exactly these cases out and count how many; the lead removes each filter after merging its fix, and
/// the suites then cover those cases too. docs/security.md lists them.
/// </summary>
public static class KnownIssue
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    /// <summary>SECURITY_TESTS_KNOWN_ISSUES=include runs the excluded cases too: how to check a fix before removing its
    /// filter.</summary>
    private static readonly bool Included = Environment.GetEnvironmentVariable("SECURITY_TESTS_KNOWN_ISSUES") == "include";

    /// <summary>Bytes that are not valid UTF-8. Management API JSON: answered -9997 系统错误 instead of the validation
    /// code -100005 (the StrictJson fix). STOMP over the raw websocket: dropped with 1006 instead of ERROR + 1007.</summary>
    public static bool InvalidUtf8(byte[] bytes)
    {
        if (Included) return false;
        try
        {
            Strict.GetString(bytes);
            return false;
        }
        catch (DecoderFallbackException)
        {
            return true;
        }
    }

    /// <summary>A JSON document in which some object names a member twice: the dialects disagree (first wins, last wins,
    /// refusal) until the StrictJson rule applies one of them everywhere.</summary>
    public static bool DuplicateKeys(byte[] bytes)
    {
        if (Included) return false;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return HasDuplicates(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    private static bool HasDuplicates(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().GroupBy(p => p.Name).Any(g => g.Count() > 1) || element.EnumerateObject().Any(p => HasDuplicates(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(HasDuplicates),
        _ => false,
    };

    /// <summary>STOMP over the raw websocket: a binary websocket message, or one over the frame limit, closes the socket
    /// with 1000 and no ERROR frame (the STOMP close-code fix).</summary>
    public static bool StompBinaryOrOversize(bool binary, int length, int maxFrameBytes) => !Included && (binary || length > maxFrameBytes);
}
