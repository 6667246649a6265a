using System.IO.Pipelines;
using System.Text;

namespace CallCenter.Telephony.FreeSwitch.Tests;

public sealed class EslFrameReaderTests
{
    [Fact]
    public async Task Several_messages_in_one_read_come_out_one_by_one()
    {
        var frames = await ReadAsync(
            "Content-Type: auth/request\n\n" +
            "Content-Type: command/reply\nReply-Text: +OK accepted\n\n" +
            "Content-Type: api/response\nContent-Length: 6\n\n+OK 1\n" +
            "Content-Type: command/reply\nReply-Text: -ERR invalid\n\n");

        Assert.Equal([EslContentTypes.AuthRequest, EslContentTypes.CommandReply, EslContentTypes.ApiResponse, EslContentTypes.CommandReply],
            frames.Select(f => f.ContentType));
        Assert.Equal("+OK accepted", frames[1].ResultText);
        Assert.Equal("+OK 1\n", frames[2].Body);
        Assert.Equal("+OK 1", frames[2].ResultText);
        Assert.True(frames[3].IsError);
    }

    [Fact]
    public async Task A_message_split_at_every_byte_is_reassembled()
    {
        const string text = "Content-Length: 11\nContent-Type: text/event-json\n\n{\"a\":\"b\"}\n\nContent-Type: command/reply\nReply-Text: +OK\n\n";
        var pipe = new Pipe();
        var reader = new EslFrameReader(pipe.Reader);
        var bytes = Encoding.UTF8.GetBytes(text);
        var reading = ReadAllAsync(reader);
        foreach (var b in bytes)
        {
            await pipe.Writer.WriteAsync(new[] { b });
        }
        await pipe.Writer.CompleteAsync();
        var frames = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, frames.Count);
        Assert.Equal("{\"a\":\"b\"}\n\n", frames[0].Body);
    }

    [Fact]
    public async Task Content_length_counts_bytes_not_characters()
    {
        var body = "{\"Caller-Caller-ID-Name\":\"张三\",\"Event-Name\":\"CHANNEL_CREATE\"}";
        var frames = await ReadAsync($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\nContent-Type: text/event-json\n\n{body}Content-Type: auth/request\n\n");
        Assert.Equal(2, frames.Count);
        Assert.Equal("张三", EslEventParser.FromFrame(frames[0]).Header("Caller-Caller-ID-Name"));
    }

    [Fact]
    public async Task Crlf_line_ends_and_stray_blank_lines_between_messages_are_tolerated()
    {
        var frames = await ReadAsync("\n\r\nContent-Type: command/reply\r\nReply-Text: +OK\r\n\r\n\n\nContent-Type: auth/request\n\n\n");
        Assert.Equal(2, frames.Count);
        Assert.Equal("+OK", frames[0].ReplyText);
    }

    [Fact]
    public async Task Header_names_are_case_insensitive()
    {
        var frames = await ReadAsync("content-type: api/response\ncontent-length: 3\n\nabc");
        Assert.Equal(EslContentTypes.ApiResponse, frames[0].ContentType);
        Assert.Equal("abc", frames[0].Body);
    }

    [Fact]
    public async Task Clean_end_of_stream_between_messages_returns_null()
    {
        var reader = new EslFrameReader(new MemoryStream(Encoding.UTF8.GetBytes("Content-Type: auth/request\n\n")));
        Assert.NotNull(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
    }

    [Theory]
    [InlineData("Content-Type: command/reply\nReply-Text: +OK", "header block incomplete")]
    [InlineData("Content-Type: api/response\nContent-Length: 10\n\n+OK", "body incomplete: 3 of 10 bytes")]
    public async Task End_of_stream_inside_a_message_is_a_clear_error(string text, string expected)
    {
        var reader = new EslFrameReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var error = await Assert.ThrowsAsync<EslProtocolException>(() => reader.ReadAsync().AsTask());
        Assert.Contains("ended in the middle of a message", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("Content-Length: abc\n\n", "invalid Content-Length")]
    [InlineData("Content-Length: -5\n\n", "invalid Content-Length")]
    [InlineData("Content-Length: 99999999999\n\n", "invalid Content-Length")]
    [InlineData("this line has no colon\n\n", "malformed header line")]
    [InlineData(": no name\n\n", "malformed header line")]
    [InlineData("Bad Name: x\n\n", "malformed header name")]
    public async Task Malformed_headers_are_clear_errors(string text, string expected)
    {
        var reader = new EslFrameReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var error = await Assert.ThrowsAsync<EslProtocolException>(() => reader.ReadAsync().AsTask());
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task An_oversized_header_block_is_refused_without_waiting_for_its_end()
    {
        var pipe = new Pipe();
        var reader = new EslFrameReader(pipe.Reader, new EslFrameLimits(MaxHeaderBlockBytes: 1024));
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("X-Filler: " + new string('a', 2000)));
        // The writer stays open: the reader must fail on size alone, not wait for more.
        var error = await Assert.ThrowsAsync<EslProtocolException>(() => reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("header block exceeds the limit of 1024 bytes", error.Message);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_from_its_content_length()
    {
        var pipe = new Pipe();
        var reader = new EslFrameReader(pipe.Reader, new EslFrameLimits(MaxBodyBytes: 100));
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("Content-Type: api/response\nContent-Length: 101\n\n"));
        var error = await Assert.ThrowsAsync<EslProtocolException>(() => reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("Content-Length 101 exceeds the limit of 100 bytes", error.Message);
    }

    [Fact]
    public async Task Header_values_are_percent_decoded_leniently()
    {
        var frames = await ReadAsync("Content-Type: command/reply\nReply-Text: %2BOK 100% sure %zz %E4%BD%A0 a+b\n\n");
        Assert.Equal("+OK 100% sure %zz 你 a+b", frames[0].ReplyText);
    }

    private static async Task<List<EslFrame>> ReadAsync(string text) =>
        await CaptureParsingTests.ReadAllAsync(Encoding.UTF8.GetBytes(text));

    private static async Task<List<EslFrame>> ReadAllAsync(EslFrameReader reader)
    {
        var frames = new List<EslFrame>();
        while (await reader.ReadAsync() is { } frame) frames.Add(frame);
        return frames;
    }
}
