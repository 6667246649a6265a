using System.Text;

namespace CallCenter.Edge.Management.Http;

/// <summary>
/// Reads <c>application/x-www-form-urlencoded</c> text (a query string or a form body) by the rule every dialect applies
/// to its input (docs/compatibility.md, "Duplicate keys and invalid UTF-8"): a parameter named twice and bytes that are
/// not UTF-8 after percent-decoding are refused with -100005, where ASP.NET's own readers would keep both values and
/// replace the bytes with U+FFFD.
/// </summary>
internal static class UrlEncodedReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Adds every pair of <paramref name="text"/> (a leading '?' is skipped) to <paramref name="into"/>.</summary>
    /// <exception cref="ManagementRequestException">A parameter repeats or is not UTF-8.</exception>
    public static void Read(ReadOnlySpan<byte> text, Dictionary<string, string> into)
    {
        if (!text.IsEmpty && text[0] == (byte)'?') text = text[1..];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'&');
            var pair = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (pair.IsEmpty) continue;
            var equals = pair.IndexOf((byte)'=');
            var name = Decode(equals < 0 ? pair : pair[..equals], null);
            if (name.Length == 0) continue;
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..], name);
            if (!seen.Add(name)) throw new ManagementRequestException(ManagementCodes.MalformedBody, $"参数 {name} 重复");
            into[name] = value;
        }
    }

    /// <summary>The same rule for a query string next to a body: the body's values win, a repeat within the query is refused.</summary>
    public static void ReadQuery(string? query, Dictionary<string, string> into)
    {
        if (string.IsNullOrEmpty(query)) return;
        var fromQuery = new Dictionary<string, string>(StringComparer.Ordinal);
        // Kestrel keeps the query string as received (percent-escapes intact, so ASCII).
        Read(Encoding.Latin1.GetBytes(query), fromQuery);
        foreach (var (name, value) in fromQuery) into.TryAdd(name, value);
    }

    private static string Decode(ReadOnlySpan<byte> encoded, string? parameter)
    {
        var bytes = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == (byte)'+') b = (byte)' ';
            else if (b == (byte)'%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
            {
                b = (byte)(Hex(encoded[i + 1]) << 4 | Hex(encoded[i + 2]));
                i += 2;
            }
            bytes[length++] = b;
        }
        try
        {
            return StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw new ManagementRequestException(ManagementCodes.MalformedBody,
                parameter is null ? "参数名不是有效的 UTF-8 编码" : $"参数 {parameter} 不是有效的 UTF-8 编码");
        }
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int Hex(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
