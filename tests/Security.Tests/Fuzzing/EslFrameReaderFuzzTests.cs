using System.IO.Pipelines;
using System.Text;
using CallCenter.Security.Tests.Support;
using CallCenter.Telephony.FreeSwitch;
using FsCheck;
using FsCheck.Fluent;

namespace CallCenter.Security.Tests.Fuzzing;

/// <summary>
/// Family (c): the FreeSWITCH event-socket reader, seeded from the captured sessions in /work/shared/esl-captures (copied
/// into the test as event frames) and damaged. The contract (EslFrameReader, EslEventParser): a stream yields frames and
/// ends cleanly, or ends in an <see cref="EslProtocolException"/>; events parse or throw it — never another exception,
/// never a read that waits for bytes that cannot come, whatever the pieces the bytes arrive in.
/// </summary>
public sealed class EslFrameReaderFuzzTests
{
    private static readonly EslFrameLimits Limits = new(MaxHeaderBlockBytes: 8 * 1024, MaxBodyBytes: 64 * 1024);

    private static byte[][] Seeds()
    {
        var seeds = new List<byte[]>
        {
            "Content-Type: auth/request\n\n"u8.ToArray(),
            "Content-Type: command/reply\nReply-Text: +OK accepted\n\n"u8.ToArray(),
            "Content-Type: api/response\nContent-Length: 3\n\n+OK"u8.ToArray(),
            "Content-Type: text/event-json\nContent-Length: 44\n\n{\"Event-Name\":\"HEARTBEAT\",\"Core-UUID\":\"x\"}\n\n"u8.ToArray(),
            "Content-Type: text/event-xml\nContent-Length: 70\n\n<event><headers><Event-Name>HEARTBEAT</Event-Name></headers></event>\n\n"u8.ToArray(),
        };
        var captures = Path.Combine(AppContext.BaseDirectory, "esl-captures");
        foreach (var file in Directory.GetFiles(captures, "*.txt").Order(StringComparer.Ordinal))
        {
            // A capture is one plain event; on the socket it travels as a text/event-plain body.
            var body = File.ReadAllBytes(file);
            seeds.Add([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\nContent-Type: text/event-plain\n\n"), .. body]);
        }
        return seeds.ToArray();
    }

    private static Gen<(byte[] Bytes, int[] Cuts)> Cases(byte[][] seeds) =>
        from bytes in Gen.Frequency(
            (1, Fuzz.Bytes),
            (5, Fuzz.Mutated(seeds)),
            (1, Gen.Elements("Content-Length: -1\n\n", "Content-Length: 99999999999\n\n", "Content-Length: 70000\n\n", "Content-Length: 10\n\nshort",
                "no colon here\n\n", ": empty name\n\n", new string('h', 9000) + ": v\n\n").Select(Encoding.ASCII.GetBytes)))
        from cuts in Gen.ArrayOf(Gen.Choose(1, 512))
        select (bytes, cuts);

    [Fact]
    public async Task Damaged_event_socket_streams_end_cleanly_or_in_a_protocol_error()
    {
        var seeds = Seeds();
        Assert.True(seeds.Length >= 8, "the ESL captures were not copied next to the tests");
        var cases = Fuzz.Sample(Cases(seeds), seed: 0xE5_0003);
        var refused = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var (bytes, cuts) = cases[i];
            var pipe = new Pipe();
            var writing = WriteAsync(pipe.Writer, bytes, cuts);
            var reader = new EslFrameReader(pipe.Reader, Limits);
            try
            {
                using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                while (await reader.ReadAsync(guard.Token) is { } frame)
                {
                    if (frame.ContentType is EslContentTypes.EventPlain or EslContentTypes.EventJson or EslContentTypes.EventXml)
                    {
                        try { EslEventParser.FromFrame(frame); } catch (EslProtocolException) { refused++; }
                    }
                }
            }
            catch (EslProtocolException)
            {
                refused++;
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"case {i} ({Fuzz.Printable(bytes)}) threw {e.GetType().Name}: {e.Message}");
            }
            await pipe.Reader.CompleteAsync();
            await writing;
        }
        Assert.True(refused > cases.Count / 3, $"only {refused} of {cases.Count} inputs were refused");
    }

    private static async Task WriteAsync(PipeWriter writer, byte[] bytes, int[] cuts)
    {
        var offset = 0;
        var cut = 0;
        while (offset < bytes.Length)
        {
            var length = Math.Min(cuts.Length == 0 ? bytes.Length : cuts[cut++ % cuts.Length], bytes.Length - offset);
            var flushed = await writer.WriteAsync(bytes.AsMemory(offset, length));
            offset += length;
            if (flushed.IsCompleted) break;
        }
        await writer.CompleteAsync();
    }
}
