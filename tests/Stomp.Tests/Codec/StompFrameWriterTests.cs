using System.Text;
using CallCenter.Edge.Stomp;

namespace CallCenter.Stomp.Tests.Codec;

public class StompFrameWriterTests
{
    [Fact]
    public void Writes_command_escaped_headers_content_length_in_octets_and_nul()
    {
        var text = StompFrameWriter.Write(
            StompCommand.Message,
            [new("destination", "/topic/notify/p1/1001"), new("x", "a:b\nc\\d\re")],
            "置闲成功",
            Encoding.UTF8.GetByteCount("置闲成功"),
            StompHeaderEscaping.Stomp12);
        Assert.Equal("MESSAGE\ndestination:/topic/notify/p1/1001\nx:a\\cb\\nc\\\\d\\re\ncontent-length:12\n\n置闲成功\0", text);
    }

    [Fact]
    public void Stomp_1_1_cannot_carry_a_carriage_return_and_1_0_escapes_nothing()
    {
        Assert.Equal("RECEIPT\nx:a\\cb c\n\n\0", StompFrameWriter.Write(StompCommand.Receipt, [new("x", "a:b\rc")], "", 0, StompHeaderEscaping.Stomp11));
        Assert.Equal("RECEIPT\nx:a:b c\\d\n\n\0", StompFrameWriter.Write(StompCommand.Receipt, [new("x", "a:b\nc\\d")], "", 0, StompHeaderEscaping.None));
    }

    [Fact]
    public void Connected_headers_are_never_escaped()
        => Assert.Equal("CONNECTED\nversion:1.2\nuser-name:a:b\n\n\0", StompFrameWriter.Write(StompCommand.Connected, [new("version", "1.2"), new("user-name", "a:b")], "", 0, StompHeaderEscaping.Stomp12));

    [Fact]
    public void Frames_without_body_have_no_content_length_but_message_and_error_always_do()
    {
        Assert.Equal("RECEIPT\nreceipt-id:7\n\n\0", StompFrameWriter.Write(StompFrame.Create(StompCommand.Receipt, null, ("receipt-id", "7")), StompHeaderEscaping.Stomp12));
        Assert.Equal("ERROR\nmessage:m\ncontent-length:0\n\n\0", StompFrameWriter.Write(StompFrame.Create(StompCommand.Error, null, ("message", "m")), StompHeaderEscaping.Stomp12));
    }

    [Fact]
    public void A_caller_supplied_content_length_is_replaced_by_the_real_one()
        => Assert.Equal("MESSAGE\ncontent-length:2\n\nab\0", StompFrameWriter.Write(StompFrame.Create(StompCommand.Message, "ab", ("content-length", "99")), StompHeaderEscaping.Stomp12));

    [Theory]
    [InlineData("1.2")]
    [InlineData("1.1")]
    public void What_is_written_reads_back_the_same(string version)
    {
        var escaping = StompNegotiation.EscapingFor(version);
        var original = StompFrame.Create(StompCommand.Send, "{\"a\":\"\\u0000 置闲 \ud83d\ude00\"}\0tail", ("destination", "/app/x"), ("odd", "colon:newline\nbackslash\\"), ("k:ey", "v"));
        var reader = new StompFrameReader(4096, 16) { Escaping = escaping };
        reader.Append(Encoding.UTF8.GetBytes(StompFrameWriter.Write(original, escaping)));
        Assert.Equal(StompFrameReader.Result.Frame, reader.TryRead(out var copy));
        Assert.Equal(original.BodyText, copy!.BodyText);
        foreach (var (name, value) in original.Headers) Assert.Equal(value, copy[name]);
    }
}
