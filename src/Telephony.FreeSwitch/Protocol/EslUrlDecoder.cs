using System.Text;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// FreeSWITCH percent-encodes header values of plain events (and of the outbound <c>connect</c> reply). Decoding is
/// deliberately lenient: a '%' not followed by two hex digits is kept as it is, and '+' stays '+' (FreeSWITCH encodes a
/// plus as %2B, so form-style decoding would corrupt values such as "+OK").
/// </summary>
public static class EslUrlDecoder
{
    public static string Decode(string value)
    {
        var percent = value.IndexOf('%');
        if (percent < 0) return value;

        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add((byte)(HexValue(value[i + 1]) << 4 | HexValue(value[i + 2])));
                i += 2;
                continue;
            }
            if (c < 0x80)
            {
                bytes.Add((byte)c);
                continue;
            }
            var rune = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                ? new Rune(c, value[++i])
                : Rune.TryCreate(c, out var single) ? single : Rune.ReplacementChar;
            var written = rune.EncodeToUtf8(utf8);
            for (var b = 0; b < written; b++) bytes.Add(utf8[b]);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>The inverse, for tests and the fake server: encodes what FreeSWITCH encodes (everything but
    /// unreserved characters).</summary>
    public static string Encode(string value) => Uri.EscapeDataString(value);

    private static bool IsHex(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
