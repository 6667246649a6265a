using System.Text;
using CallCenter.Edge.Stomp;

namespace CallCenter.Stomp.Tests.Codec;

public class StompFrameReaderTests
{
    private static StompFrameReader Reader(int maxFrameBytes = 1024, int maxHeaders = 8) => new(maxFrameBytes, maxHeaders);

    private static List<StompFrame> ReadAll(StompFrameReader reader, byte[] data, out int heartBeats)
    {
        reader.Append(data);
        var frames = new List<StompFrame>();
        heartBeats = 0;
        while (true)
        {
            var result = reader.TryRead(out var frame);
            if (result == StompFrameReader.Result.NeedMoreData) return frames;
            if (result == StompFrameReader.Result.HeartBeat) heartBeats++;
            else frames.Add(frame!);
        }
    }

    private static StompFrame ReadOne(string text, int maxFrameBytes = 1024)
    {
        var frames = ReadAll(Reader(maxFrameBytes), Encoding.UTF8.GetBytes(text), out _);
        return Assert.Single(frames);
    }

    private static string Refusal(string text, int maxFrameBytes = 1024, int maxHeaders = 8, StompHeaderEscaping escaping = StompHeaderEscaping.Stomp12)
    {
        var reader = Reader(maxFrameBytes, maxHeaders);
        reader.Escaping = escaping;
        return Assert.Throws<StompProtocolException>(() => ReadAll(reader, Encoding.UTF8.GetBytes(text), out _)).Message;
    }

    [Fact]
    public void Reads_a_frame_with_headers_and_a_nul_terminated_body()
    {
        var frame = ReadOne("SEND\ndestination:/app/idle\ncontent-type:application/json\n\n{\"username\":\"1001\"}\0");
        Assert.Equal(StompCommand.Send, frame.Command);
        Assert.Equal("/app/idle", frame["destination"]);
        Assert.Equal("application/json", frame["content-type"]);
        Assert.Equal("{\"username\":\"1001\"}", frame.BodyText);
    }

    [Fact]
    public void Reads_crlf_line_endings()
    {
        var frame = ReadOne("SUBSCRIBE\r\nid:0\r\ndestination:/topic/call/1001\r\n\r\n\0");
        Assert.Equal(StompCommand.Subscribe, frame.Command);
        Assert.Equal("0", frame["id"]);
        Assert.Equal("/topic/call/1001", frame["destination"]);
    }

    [Fact]
    public void Content_length_counts_octets_and_allows_nul_inside_the_body()
    {
        var body = "置闲\0成功";
        var frame = ReadOne($"SEND\ndestination:/app/x\ncontent-length:{Encoding.UTF8.GetByteCount(body)}\n\n{body}\0");
        Assert.Equal(body, frame.BodyText);
    }

    [Fact]
    public void The_first_of_repeated_headers_wins()
    {
        var frame = ReadOne("SEND\ndestination:/app/first\ndestination:/app/second\n\n\0");
        Assert.Equal("/app/first", frame["destination"]);
        Assert.Equal(2, frame.Headers.Count);
        Assert.Equal("/app/first", frame.HeaderMap()["destination"]);
    }

    [Fact]
    public void Header_values_keep_spaces_and_later_colons()
    {
        var frame = ReadOne("SEND\ndestination:/app/x\nx-note: a:b \n\n\0", 1024);
        Assert.Equal(" a:b ", frame["x-note"]);
    }

    [Fact]
    public void Decodes_stomp_1_2_escapes()
    {
        var frame = ReadOne("SEND\ndestination:/app/x\nx\\cname:a\\nb\\rc\\cd\\\\e\n\n\0");
        Assert.Equal("a\nb\rc:d\\e", frame["x:name"]);
    }

    [Fact]
    public void Stomp_1_1_has_no_carriage_return_escape()
    {
        var reader = Reader();
        reader.Escaping = StompHeaderEscaping.Stomp11;
        var frame = Assert.Single(ReadAll(reader, Encoding.UTF8.GetBytes("SEND\ndestination:/app/x\nx:a\\nb\\cc\n\n\0"), out _));
        Assert.Equal("a\nb:c", frame["x"]);
        Assert.Contains("invalid escape sequence '\\r'", Refusal("SEND\ndestination:/app/x\nx:a\\rb\n\n\0", escaping: StompHeaderEscaping.Stomp11));
    }

    [Fact]
    public void Stomp_1_0_and_connect_frames_are_not_unescaped()
    {
        var reader = Reader();
        reader.Escaping = StompHeaderEscaping.None;
        var frame = Assert.Single(ReadAll(reader, Encoding.UTF8.GetBytes("SEND\ndestination:/app/x\nx:a\\tb\n\n\0"), out _));
        Assert.Equal("a\\tb", frame["x"]);

        var connect = ReadOne("CONNECT\naccept-version:1.2\npasscode:p\\w\n\n\0");
        Assert.Equal("p\\w", connect["passcode"]);
    }

    [Fact]
    public void Several_frames_and_heart_beats_in_one_piece()
    {
        var text = "\n\r\nSEND\ndestination:/app/a\n\nA\0\nSEND\ndestination:/app/b\ncontent-length:1\n\nB\0\r\n\nSUBSCRIBE\nid:1\ndestination:/topic/t\n\n\0";
        var frames = ReadAll(Reader(), Encoding.UTF8.GetBytes(text), out var heartBeats);
        Assert.Equal(["A", "B", ""], frames.Select(f => f.BodyText));
        Assert.Equal(5, heartBeats);
    }

    [Fact]
    public void A_frame_split_at_every_byte_is_read_once_complete()
    {
        var body = "{\"data\":\"置闲成功\"}";
        var text = $"SEND\r\ndestination:/app/x\r\nx:a\\cb\r\ncontent-length:{Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}\0SEND\ndestination:/app/y\n\ntail\0";
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = Reader();
        var frames = new List<StompFrame>();
        foreach (var b in bytes) frames.AddRange(ReadAll(reader, [b], out _));
        Assert.Equal(2, frames.Count);
        Assert.Equal(body, frames[0].BodyText);
        Assert.Equal("a:b", frames[0]["x"]);
        Assert.Equal("tail", frames[1].BodyText);
        Assert.Equal(0, reader.Buffered);
    }

    [Fact]
    public void A_large_frame_arriving_in_chunks_is_reassembled()
    {
        var body = new string('x', 20_000);
        var bytes = Encoding.UTF8.GetBytes($"SEND\ndestination:/app/x\n\n{body}\0");
        var reader = Reader(maxFrameBytes: 64 * 1024);
        var frames = new List<StompFrame>();
        foreach (var chunk in bytes.Chunk(1024)) frames.AddRange(ReadAll(reader, chunk, out _));
        Assert.Equal(body, Assert.Single(frames).BodyText);
    }

    [Fact]
    public void Waits_for_more_data_on_a_partial_frame()
    {
        var reader = Reader();
        Assert.Empty(ReadAll(reader, Encoding.UTF8.GetBytes("SEND\ndestination:/app/x\ncontent-length:10\n\n12345"), out _));
        Assert.Empty(ReadAll(reader, Encoding.UTF8.GetBytes("67890"), out _));
        Assert.Equal("1234567890", Assert.Single(ReadAll(reader, [0], out _)).BodyText);
    }

    [Fact]
    public void A_trailing_carriage_return_waits_for_its_line_feed()
    {
        var reader = Reader();
        Assert.Empty(ReadAll(reader, "\r"u8.ToArray(), out var none));
        Assert.Equal(0, none);
        ReadAll(reader, "\n"u8.ToArray(), out var one);
        Assert.Equal(1, one);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n", "unknown command 'GET / HTTP/1.1'")]
    [InlineData("FOO\n\n\0", "unknown command 'FOO'")]
    [InlineData("send\ndestination:/app/x\n\n\0", "unknown command 'send'")]
    [InlineData("{\"json\":true}", "unknown command '{\"json\":true}'")]
    [InlineData("SENDING", "unknown command 'SENDING'")]
    [InlineData("\u0001\u0002garbage", "unknown command '??garbage'")]
    public void Garbage_and_unknown_commands_are_refused_at_once(string text, string reason)
        => Assert.Equal(reason, Refusal(text));

    [Theory]
    [InlineData("SEND\ndestination\n\n\0", "malformed header line 'destination': no ':'")]
    [InlineData("SEND\n:value\n\n\0", "malformed header line: empty header name")]
    [InlineData("SEND\ndestination:/app/x\nx:a\\tb\n\n\0", "invalid escape sequence '\\t' in header 'x'")]
    [InlineData("SEND\ndestination:/app/x\nx:ab\\\n\n\0", "incomplete escape sequence at the end of header 'x'")]
    [InlineData("SEND\ndestination:/app/x\nx\\q:1\n\n\0", "invalid escape sequence '\\q' in a header name")]
    [InlineData("SEND\ndestination:/app/x\ncontent-length:abc\n\nx\0", "invalid content-length 'abc'")]
    [InlineData("SEND\ndestination:/app/x\ncontent-length:-1\n\nx\0", "invalid content-length '-1'")]
    [InlineData("SEND\ndestination:/app/x\ncontent-length:2\n\nxyz\0", "frame body does not end with NUL where content-length says it does")]
    [InlineData("SUBSCRIBE\nid:1\ndestination:/topic/x\n\nbody\0", "SUBSCRIBE frame must not have a body")]
    [InlineData("\rX", "malformed frame: carriage return without line feed")]
    public void Malformed_frames_are_refused_with_a_reason(string text, string reason)
        => Assert.Equal(reason, Refusal(text));

    [Fact]
    public void Headers_that_are_not_utf8_are_refused()
    {
        var reader = Reader();
        byte[] bytes = [.. "SEND\ndestination:/app/x\nx:"u8, 0xff, 0xfe, .. "\n\n\0"u8];
        Assert.Equal("header 'x' is not valid UTF-8", Assert.Throws<StompProtocolException>(() => ReadAll(reader, bytes, out _)).Message);
    }

    [Fact]
    public void Too_many_headers_are_refused()
        => Assert.Equal("too many headers (at most 2)", Refusal("SEND\na:1\nb:2\nc:3\n\n\0", maxHeaders: 2));

    [Fact]
    public void A_body_over_the_limit_is_refused_before_it_is_buffered()
    {
        // content-length announces it: refused from the headers alone.
        Assert.Equal("frame too large (at most 1024 bytes)", Refusal("SEND\ndestination:/app/x\ncontent-length:5000\n\n"));
        // No content-length: refused as soon as more than the limit is buffered without a NUL.
        Assert.Equal("frame too large (at most 1024 bytes)", Refusal("SEND\ndestination:/app/x\n\n" + new string('x', 1100)));
        // Headers that never end.
        Assert.Equal("frame too large (at most 1024 bytes)", Refusal("SEND\nx:" + new string('x', 1100)));
    }

    [Fact]
    public void A_frame_exactly_at_the_limit_is_accepted()
    {
        var head = "SEND\ndestination:/app/x\n\n";
        var body = new string('x', 1024 - head.Length);
        Assert.Equal(body, ReadOne(head + body + "\0").BodyText);
        Assert.Equal("frame too large (at most 1024 bytes)", Refusal(head + body + "x\0"));
    }
}
