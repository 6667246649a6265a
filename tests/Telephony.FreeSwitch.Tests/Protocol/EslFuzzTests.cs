using System.IO.Pipelines;
using System.Text;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>
/// Random splits, reorderings, truncations and garbage over the captures and synthetic messages, from a fixed seed:
/// the reader must either return frames or fail with <see cref="EslProtocolException"/> — never another exception,
/// never hang (every case runs under a generous guard).
/// </summary>
public sealed class EslFuzzTests
{
    private const int Seed = 5_021;
    private const int Cases = 240;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private static readonly string[] Synthetic =
    [
        "Content-Type: auth/request\n\n",
        "Content-Type: command/reply\nReply-Text: +OK accepted\n\n",
        "Content-Type: command/reply\nReply-Text: +OK Job-UUID: 4e8e8d3c\nJob-UUID: 4e8e8d3c\n\n",
        "Content-Type: api/response\nContent-Length: 14\n\n-ERR no reply\n",
        "Content-Length: 97\nContent-Type: text/event-json\n\n{\"Event-Name\":\"BACKGROUND_JOB\",\"Job-UUID\":\"4e8e8d3c\",\"_body\":\"-ERR USER_BUSY\\n\",\"Content-Length\":\"15\"}",
        "Content-Type: text/disconnect-notice\nContent-Length: 23\n\nDisconnected, goodbye.\n",
        "Content-Type: log/data\nContent-Length: 5\nLog-Level: 7\n\nhello",
        "Content-Length: 104\nContent-Type: text/event-xml\n\n<event><headers><Event-Name>DTMF</Event-Name><DTMF-Digit>1</DTMF-Digit></headers></event>             ",
    ];

    [Fact]
    public async Task Mutated_streams_yield_frames_or_protocol_errors_only()
    {
        var random = new Random(Seed);
        var messages = SyntheticMessages();
        var captures = CaptureFiles.All.Select(CaptureFiles.Read).ToArray();
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < Cases; i++)
        {
            var (kind, bytes) = Mutate(random, captures, messages);
            // Tight limits make well-formed input fail too, so pure re-splits keep the defaults.
            var limits = kind != "split" && random.Next(4) == 0 ? new EslFrameLimits(MaxHeaderBlockBytes: random.Next(16, 4096), MaxBodyBytes: random.Next(0, 8192)) : null;
            var chunk = random.Next(3) == 0 ? random.Next(1, 64) : random.Next(1, 70_000);
            string outcome;
            try
            {
                var frames = await ReadChunkedAsync(bytes, chunk, limits).WaitAsync(HangGuard);
                foreach (var frame in frames.Where(f => EslContentTypes.IsEvent(f.ContentType)))
                {
                    try
                    {
                        EslEventParser.FromFrame(frame);
                    }
                    catch (EslProtocolException)
                    {
                        // An unreadable event body is reported, never thrown as something else.
                    }
                }
                outcome = "frames";
            }
            catch (EslProtocolException)
            {
                outcome = "protocol-error";
            }
            catch (TimeoutException)
            {
                throw new Xunit.Sdk.XunitException($"case {i} ({kind}) hung");
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"case {i} ({kind}) threw {ex.GetType().Name}: {ex.Message}");
            }
            var key = $"{kind}:{outcome}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        // The mutations really exercise both paths.
        Assert.Contains(outcomes.Keys, k => k.EndsWith(":frames", StringComparison.Ordinal));
        Assert.Contains(outcomes.Keys, k => k.EndsWith(":protocol-error", StringComparison.Ordinal));
        Assert.True(outcomes.GetValueOrDefault("split:frames") > 0, "pure re-splits always frame cleanly");
        Assert.Equal(0, outcomes.GetValueOrDefault("split:protocol-error"));
    }

    [Fact]
    public async Task Truncating_a_capture_anywhere_inside_a_message_is_reported_as_truncation()
    {
        var random = new Random(Seed + 1);
        var bytes = CaptureFiles.Read(CaptureFiles.Session2);
        var boundaries = FrameSplitter.Split(bytes).Select(f => f.Offset + f.Length).ToHashSet();
        for (var i = 0; i < 40; i++)
        {
            var cut = random.Next(1, bytes.Length);
            var truncated = bytes.AsSpan(0, cut).ToArray();
            if (boundaries.Contains(cut))
            {
                await ReadChunkedAsync(truncated, 4096, null).WaitAsync(HangGuard);
                continue;
            }
            var error = await Assert.ThrowsAsync<EslProtocolException>(() => ReadChunkedAsync(truncated, 4096, null).WaitAsync(HangGuard));
            Assert.Contains("ended in the middle of a message", error.Message);
        }
    }

    private static (string Kind, byte[] Bytes) Mutate(Random random, byte[][] captures, byte[][] messages)
    {
        var source = random.Next(2) == 0 ? captures[random.Next(captures.Length)] : Concatenate(random, messages);
        switch (random.Next(5))
        {
            case 0:
                return ("split", source);
            case 1:
                return ("truncate", source.AsSpan(0, random.Next(0, source.Length)).ToArray());
            case 2:
            {
                var copy = source.ToArray();
                for (var n = random.Next(1, 8); n > 0; n--) copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return ("flip", copy);
            }
            case 3:
            {
                var garbage = new byte[random.Next(1, 300)];
                random.NextBytes(garbage);
                var at = random.Next(source.Length);
                return ("insert", [.. source.AsSpan(0, at), .. garbage, .. source.AsSpan(at)]);
            }
            default:
            {
                var garbage = new byte[random.Next(1, 5000)];
                random.NextBytes(garbage);
                return ("garbage", garbage);
            }
        }
    }

    private static byte[] Concatenate(Random random, byte[][] messages)
    {
        var buffer = new List<byte>();
        for (var n = random.Next(1, 30); n > 0; n--) buffer.AddRange(messages[random.Next(messages.Length)]);
        return [.. buffer];
    }

    private static byte[][] SyntheticMessages()
    {
        // Fix the Content-Length of the synthetic bodies so they are well-formed before mutation.
        return Synthetic.Select(text =>
        {
            var split = text.IndexOf("\n\n", StringComparison.Ordinal);
            var header = text[..split];
            var body = text[(split + 2)..];
            if (!header.Contains("Content-Length", StringComparison.Ordinal)) return Encoding.UTF8.GetBytes(text);
            var lines = header.Split('\n').Select(l => l.StartsWith("Content-Length:", StringComparison.Ordinal) ? $"Content-Length: {Encoding.UTF8.GetByteCount(body)}" : l);
            return Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n\n" + body);
        }).ToArray();
    }

    private static async Task<List<EslFrame>> ReadChunkedAsync(byte[] bytes, int chunk, EslFrameLimits? limits)
    {
        var pipe = new Pipe();
        var writer = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < bytes.Length; i += chunk)
                {
                    var result = await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(chunk, bytes.Length - i)));
                    if (result.IsCompleted) break;
                }
            }
            finally
            {
                await pipe.Writer.CompleteAsync();
            }
        });
        var reader = new EslFrameReader(pipe.Reader, limits);
        var frames = new List<EslFrame>();
        try
        {
            while (await reader.ReadAsync() is { } frame) frames.Add(frame);
        }
        finally
        {
            // Stop the writer if the reader gave up early.
            await pipe.Reader.CompleteAsync();
            await writer;
        }
        return frames;
    }
}
