using System.IO.Pipelines;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>
/// The frame reader and event parser against the captured FreeSWITCH sessions. The expected counts were taken
/// independently of this code: <c>grep -c '^Content-Type:'</c> on each file gives 27, 26 and 22 (every message has
/// exactly one outer Content-Type and plain event bodies carry none), and a throw-away script that cut the files by
/// blank line plus Content-Length agreed message by message.
/// </summary>
public sealed class CaptureParsingTests
{
    private const int Session1Messages = 27;
    private const int Session2Messages = 26;
    private const int Session3Messages = 22;

    public static TheoryData<string, int, int, int, int, int> Counts => new()
    {
        // file, messages, command/reply, api/response, text/event-plain, text/disconnect-notice
        { CaptureFiles.Session1, Session1Messages, 9, 2, 14, 2 },
        { CaptureFiles.Session2, Session2Messages, 9, 2, 14, 1 },
        { CaptureFiles.Session3, Session3Messages, 9, 1, 11, 1 },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public async Task Every_message_of_a_capture_is_framed_and_counted_by_type(string file, int messages, int replies, int apiResponses, int events, int notices)
    {
        var frames = await ReadAllAsync(CaptureFiles.Read(file));

        Assert.Equal(messages, frames.Count);
        Assert.Equal(replies, frames.Count(f => f.ContentType == EslContentTypes.CommandReply));
        Assert.Equal(apiResponses, frames.Count(f => f.ContentType == EslContentTypes.ApiResponse));
        Assert.Equal(events, frames.Count(f => f.ContentType == EslContentTypes.EventPlain));
        Assert.Equal(notices, frames.Count(f => f.ContentType == EslContentTypes.DisconnectNotice));
    }

    [Theory]
    [InlineData(CaptureFiles.Session1)]
    [InlineData(CaptureFiles.Session2)]
    [InlineData(CaptureFiles.Session3)]
    public async Task Frames_match_an_independent_split_and_every_event_body_parses(string file)
    {
        var bytes = CaptureFiles.Read(file);
        var expected = FrameSplitter.Split(bytes);
        var frames = await ReadAllAsync(bytes);

        Assert.Equal(expected.Count, frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(expected[i].ContentType, frames[i].ContentType);
            if (!EslContentTypes.IsEvent(frames[i].ContentType)) continue;
            var evt = EslEventParser.FromFrame(frames[i]);
            Assert.False(string.IsNullOrEmpty(evt.Name));
            Assert.NotNull(evt.UniqueId);
            Assert.NotNull(evt.Timestamp);
        }
    }

    [Fact]
    public async Task Session_1_events_carry_the_expected_headers()
    {
        var frames = await ReadAllAsync(CaptureFiles.Read(CaptureFiles.Session1));
        var events = frames.Where(f => f.ContentType == EslContentTypes.EventPlain).Select(EslEventParser.FromFrame).ToList();

        Assert.Equal(
            ["CHANNEL_PROGRESS_MEDIA", "CHANNEL_ANSWER", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_EXECUTE_COMPLETE",
             "CHANNEL_CREATE", "CHANNEL_PROGRESS", "CHANNEL_ANSWER", "CHANNEL_BRIDGE", "CHANNEL_HANGUP", "CHANNEL_HANGUP",
             "CHANNEL_UNBRIDGE", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_EXECUTE_COMPLETE"],
            events.Select(e => e.Name));

        const string caller = "78b86350-4fb8-4d2b-a629-1eeafd7d2f74";
        const string callee = "9bc34cb7-1d0a-4c89-8d47-9dc25faa160f";
        var bridge = events.Single(e => e.Name == "CHANNEL_BRIDGE");
        Assert.Equal(caller, bridge.Header("Bridge-A-Unique-ID"));
        Assert.Equal(callee, bridge.Header("bridge-b-unique-id"));
        Assert.Equal(caller, bridge.UniqueId);

        var create = events.Single(e => e.Name == "CHANNEL_CREATE");
        Assert.Equal(callee, create.UniqueId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1420557162134).AddTicks(5600), create.Timestamp);

        var playback = events.First(e => e.Header("Application") == "playback");
        Assert.Equal("ivr/8000/ivr-call_being_transferred.wav", playback.Header("Application-Data"));
        // Percent-decoding: FILE%20PLAYED.
        Assert.Equal("FILE PLAYED", playback.Header("Application-Response"));

        var hangup = events.First(e => e.Name == "CHANNEL_HANGUP");
        Assert.Equal("NORMAL_CLEARING", hangup.Header("Hangup-Cause"));
        Assert.Equal("Dan X-Lite", hangup.Header("Caller-Caller-ID-Name"));

        var unbridge = events.Single(e => e.Name == "CHANNEL_UNBRIDGE");
        Assert.Equal("recv_bye", unbridge.Variable("sip_hangup_disposition"));
        Assert.Contains(unbridge.Variables, v => v.Key == "sip_hangup_disposition");
    }

    [Fact]
    public async Task The_connect_reply_carries_the_channel_data_decoded()
    {
        var frames = await ReadAllAsync(CaptureFiles.Read(CaptureFiles.Session1));
        var connect = frames[0];

        Assert.Equal(EslContentTypes.CommandReply, connect.ContentType);
        // Reply-Text is percent-encoded in this reply only: %2BOK%0A.
        Assert.Equal("+OK\n", connect.ReplyText);
        Assert.False(connect.IsError);
        Assert.Equal("async", connect.Header("Socket-Mode"));
        Assert.Equal("full", connect.Header("Control"));
        var channel = new EslEvent(connect.Headers);
        Assert.Equal("CHANNEL_DATA", channel.Name);
        Assert.Equal("78b86350-4fb8-4d2b-a629-1eeafd7d2f74", channel.UniqueId);
        Assert.Equal("1001", channel.Header("Caller-Caller-ID-Number"));
        Assert.Equal("3", channel.Header("Caller-Destination-Number"));
        Assert.Equal("2001:0:5ef5:79fd:1c45:341e:53ef:cd79", channel.Header("FreeSWITCH-IPv6"));
        Assert.Equal("127.0.0.1:8084 async full", channel.Variable("current_application_data"));
        Assert.Equal("\"Dan X-Lite\" <sip:1001@172.16.50.134>;tag=5996e014", channel.Variable("sip_full_from"));
    }

    [Fact]
    public async Task Api_responses_and_disconnect_notices_keep_their_bodies()
    {
        var frames = await ReadAllAsync(CaptureFiles.Read(CaptureFiles.Session1));

        Assert.All(frames.Where(f => f.ContentType == EslContentTypes.ApiResponse), f => Assert.Equal("+OK\n", f.Body));
        var notices = frames.Where(f => f.ContentType == EslContentTypes.DisconnectNotice).ToList();
        Assert.Equal("linger", notices[0].Header("Content-Disposition"));
        Assert.Equal("-1", notices[0].Header("Linger-Time"));
        Assert.Equal("disconnect", notices[1].Header("Content-Disposition"));
        Assert.StartsWith("Disconnected, goodbye.", notices[1].Body);
        Assert.Equal(67, System.Text.Encoding.UTF8.GetByteCount(notices[1].Body!));
        Assert.Equal("+OK bye", frames.Last(f => f.ContentType == EslContentTypes.CommandReply).ReplyText);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task A_capture_fed_in_small_chunks_frames_the_same(int chunk)
    {
        var bytes = CaptureFiles.Read(CaptureFiles.Session3);
        var pipe = new Pipe();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < bytes.Length; i += chunk)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(chunk, bytes.Length - i)));
            }
            await pipe.Writer.CompleteAsync();
        });
        var reader = new EslFrameReader(pipe.Reader);
        var count = 0;
        while (await reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)) is not null) count++;
        await writer;
        Assert.Equal(Session3Messages, count);
    }

    internal static async Task<List<EslFrame>> ReadAllAsync(byte[] bytes, EslFrameLimits? limits = null)
    {
        var reader = new EslFrameReader(new MemoryStream(bytes), limits);
        var frames = new List<EslFrame>();
        while (await reader.ReadAsync() is { } frame) frames.Add(frame);
        return frames;
    }
}
