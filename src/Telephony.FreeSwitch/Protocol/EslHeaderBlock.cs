namespace CallCenter.Telephony.FreeSwitch;

/// <summary>Parses a block of <c>Name: value</c> lines, the shape of both a frame's headers and a plain event.</summary>
internal static class EslHeaderBlock
{
    public static Dictionary<string, string> Parse(ReadOnlySpan<char> block, bool urlDecodeValues)
    {
        var headers = EslHeaders.Create();
        foreach (var range in block.Split('\n'))
        {
            var line = block[range];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (line.IsEmpty) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new EslProtocolException($"malformed header line (no 'Name: value'): '{Preview(line)}'");
            }
            var name = line[..colon].Trim();
            if (name.IsEmpty || name.ContainsAny(' ', '\t'))
            {
                throw new EslProtocolException($"malformed header name: '{Preview(line)}'");
            }
            var value = line[(colon + 1)..].TrimStart(' ').ToString();
            headers[name.ToString()] = urlDecodeValues ? EslUrlDecoder.Decode(value) : value;
        }
        return headers;
    }

    /// <summary>Enough of a bad line to recognise it in a log, never the whole (possibly huge or binary) thing.</summary>
    internal static string Preview(ReadOnlySpan<char> text)
    {
        const int max = 60;
        var cut = text.Length > max ? text[..max] : text;
        var chars = new char[cut.Length];
        for (var i = 0; i < cut.Length; i++) chars[i] = char.IsControl(cut[i]) ? '?' : cut[i];
        return new string(chars) + (text.Length > max ? "..." : "");
    }
}
