using System.Text;
using CallCenter.Edge.Stomp;
using CallCenter.Security.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace CallCenter.Security.Tests.Fuzzing;

/// <summary>
/// Family (a): the STOMP frame decoder as a unit. Random bytes and damaged valid frames, cut into random pieces. The
/// decoder's contract (docs/stomp.md "ERROR frames"): every input ends in frames, heart-beats, a wait for more bytes, or
/// a <see cref="StompProtocolException"/> whose reason is short printable text — never another exception, never a
/// buffer beyond the frame limit; and how the bytes are cut never changes the outcome.
/// </summary>
public sealed class StompFrameReaderFuzzTests
{
    private const int MaxFrameBytes = 4096;
    private const int MaxHeaders = 16;

    private static readonly byte[][] ValidFrames =
    [
        "CONNECT\naccept-version:1.2\nhost:callcenter\nheart-beat:0,0\n\n\0"u8.ToArray(),
        "SEND\ndestination:/app/idle\ncontent-type:application/json\n\n{\"username\":\"1001\"}\0"u8.ToArray(),
        "SEND\ndestination:/app/call\ncontent-length:4\n\nab\0c\0"u8.ToArray(),
        "SUBSCRIBE\r\nid:0\r\ndestination:/topic/status/1001\r\nack:client-individual\r\n\r\n\0"u8.ToArray(),
        "UNSUBSCRIBE\nid:0\n\n\0\n\n"u8.ToArray(),
        "BEGIN\ntransaction:tx\\c1\n\n\0COMMIT\ntransaction:tx\\c1\n\n\0"u8.ToArray(),
        "ACK\nid:m\\n1\nreceipt:r\\\\2\n\n\0"u8.ToArray(),
        "DISCONNECT\nreceipt:77\n\n\0"u8.ToArray(),
        Encoding.UTF8.GetBytes("SEND\ndestination:/app/x\nh\u00e9:v\u4e2d\n\n\u00e9\0"),
    ];

    private static Gen<byte[]> Inputs => Gen.Frequency(
        (1, Fuzz.Bytes),
        (1, Fuzz.Bytes.Select(junk => ValidFrames[0].Concat(junk).ToArray())),
        (4, Fuzz.Mutated(ValidFrames)),
        (1, Gen.Choose(MaxFrameBytes - 8, MaxFrameBytes * 2).Select(n => Encoding.ASCII.GetBytes("SEND\ndestination:/app/x\n\n" + new string('x', n) + "\0"))),
        (1, Gen.Choose(MaxHeaders, MaxHeaders * 3).Select(n => Encoding.ASCII.GetBytes("SEND\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"h{i}:v\n")) + "\n\0"))));

    private static Gen<(byte[] Bytes, int[] Cuts)> Cases =>
        from bytes in Inputs
        from cuts in Gen.ArrayOf(Gen.Choose(1, 64))
        select (bytes, cuts);

    [Fact]
    public void Malformed_bytes_end_in_frames_or_a_protocol_error_whatever_the_chunking()
    {
        var cases = Fuzz.Sample(Cases, seed: 0x5703_0001);
        var errors = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var (bytes, cuts) = cases[i];
            var whole = Decode(bytes, [bytes.Length]);
            var pieces = Decode(bytes, cuts);
            Assert.True(whole == pieces, $"case {i} ({Fuzz.Printable(bytes)}): chunking changed the outcome: {whole} vs {pieces}");
            if (whole.Error is not null) errors++;
        }
        // The generators are meant to be hostile: most inputs must be refused, or the family tests little.
        Assert.True(errors > cases.Count / 2, $"only {errors} of {cases.Count} inputs were refused");
    }

    private sealed record Outcome(string Frames, string? Error);

    private static Outcome Decode(byte[] bytes, int[] cuts)
    {
        var reader = new StompFrameReader(MaxFrameBytes, MaxHeaders);
        var frames = new StringBuilder();
        var offset = 0;
        var cut = 0;
        try
        {
            while (offset < bytes.Length)
            {
                var length = Math.Min(cuts.Length == 0 ? bytes.Length : Math.Max(1, cuts[cut++ % cuts.Length]), bytes.Length - offset);
                reader.Append(bytes.AsSpan(offset, length));
                offset += length;
                while (true)
                {
                    var result = reader.TryRead(out var frame);
                    if (result == StompFrameReader.Result.NeedMoreData) break;
                    if (result == StompFrameReader.Result.HeartBeat) frames.Append("♥");
                    else frames.Append(frame!.Command).Append('[').Append(string.Join(",", frame.Headers.Select(h => h.Key + "=" + h.Value))).Append("](").Append(frame.Body.Length).Append(')');
                }
                // Nothing is kept beyond one frame's worth while waiting (the limit, plus the piece that crossed it).
                Assert.True(reader.Buffered <= MaxFrameBytes + 64 + 1, $"{reader.Buffered} bytes buffered");
            }
            return new Outcome(frames.ToString(), null);
        }
        catch (StompProtocolException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.True(e.Message.Length < 200 && e.Message.All(c => c >= ' '), $"the ERROR reason must be short printable text: {e.Message}");
            // The reason quotes what was buffered, which depends on the pieces; its kind must not.
            var quote = e.Message.IndexOf('\'');
            return new Outcome(frames.ToString(), quote < 0 ? e.Message : e.Message[..quote]);
        }
    }
}
