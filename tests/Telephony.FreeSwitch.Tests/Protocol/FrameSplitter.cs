using System.Text;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>
/// A deliberately naive second way of cutting an event-socket stream (header block up to a blank line, then exactly
/// Content-Length bytes), written independently of EslFrameReader so the reader is checked against something other
/// than itself. Only for well-formed input.
/// </summary>
internal static class FrameSplitter
{
    public sealed record RawFrame(int Offset, int Length, string ContentType, string? ReplyText);

    public static IReadOnlyList<RawFrame> Split(byte[] data)
    {
        var frames = new List<RawFrame>();
        var position = 0;
        while (position < data.Length)
        {
            var end = IndexOfBlankLine(data, position);
            if (end < 0) throw new InvalidOperationException($"no header end after offset {position}");
            var header = Encoding.UTF8.GetString(data, position, end - position);
            var length = 0;
            var contentType = "";
            string? reply = null;
            foreach (var line in header.Split('\n'))
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                if (colon < 0) continue;
                var name = line[..colon];
                var value = line[(colon + 2)..];
                if (name == "Content-Length") length = int.Parse(value);
                if (name == "Content-Type") contentType = value;
                if (name == "Reply-Text") reply = value;
            }
            var next = end + 2 + length;
            frames.Add(new RawFrame(position, next - position, contentType, reply));
            position = next;
        }
        return frames;
    }

    private static int IndexOfBlankLine(byte[] data, int from)
    {
        for (var i = from; i + 1 < data.Length; i++)
        {
            if (data[i] == '\n' && data[i + 1] == '\n') return i;
        }
        return -1;
    }
}
