using System.Text;
using System.Text.Json;
using CallCenter.Edge.SockJs;

namespace CallCenter.Stomp.Tests.SockJs;

public class SockJsFramesTests
{
    [Fact]
    public void Control_frames_are_as_the_protocol_spells_them()
    {
        Assert.Equal("o", SockJsFrames.Open);
        Assert.Equal("h", SockJsFrames.Heartbeat);
        Assert.Equal("c[3000,\"Go away!\"]", SockJsFrames.GoAway);
        Assert.Equal("c[2010,\"Another connection still open\"]", SockJsFrames.AnotherConnectionStillOpen);
        Assert.Equal("c[1002,\"Connection interrupted\"]", SockJsFrames.ConnectionInterrupted);
    }

    [Fact]
    public void Message_frames_are_json_arrays_of_strings()
    {
        Assert.Equal("a[\"x\"]", SockJsFrames.Messages(["x"]));
        Assert.Equal("a[\"CONNECTED\\nversion:1.2\\n\\n\\u0000\",\"\\n\"]", SockJsFrames.Messages(["CONNECTED\nversion:1.2\n\n\0", "\n"]));
    }

    [Fact]
    public void Quotes_backslashes_and_control_characters_use_json_escapes()
        => Assert.Equal("a[\"\\\"q\\\" \\\\ \\t\\r\\n\\b\\f\\u0000\\u001f\"]", SockJsFrames.Messages(["\"q\" \\ \t\r\n\b\f\0\u001f"]));

    [Fact]
    public void Text_that_browsers_keep_intact_is_not_escaped()
        => Assert.Equal("a[\"置闲成功 {\\\"a\\\":1} ~ é\"]", SockJsFrames.Messages(["置闲成功 {\"a\":1} ~ é"]));

    [Fact]
    public void Characters_that_browsers_mangle_are_unicode_escaped()
    {
        // The ranges the SockJS protocol test suite expects the server to escape, plus surrogates and the other
        // invisible characters sockjs-client itself escapes.
        foreach (var c in new[] { '\u007f', '\u0085', '\u009f', '\u00ad', '\u0600', '\u0604', '\u070f', '\u17b4', '\u17b5', '\u200c', '\u200f', '\u2028', '\u2029', '\u202f', '\u2060', '\u206f', '\ufeff', '\ufff0', '\uffff', '\ud83d', '\ude00' })
        {
            Assert.Equal($"a[\"\\u{(int)c:x4}\"]", SockJsFrames.Messages([c.ToString()]));
        }
    }

    [Fact]
    public void Every_utf16_code_unit_survives_the_round_trip()
    {
        var all = new StringBuilder();
        for (var c = 0; c <= 0xffff; c++) all.Append((char)c);
        var text = all.ToString();
        var frame = SockJsFrames.Messages([text]);
        // Nothing the server must escape is left raw in the frame (quotes and backslashes appear only escaped)...
        var inner = frame[3..^2];
        foreach (var c in inner) Assert.False(SockJsFrames.MustEscape(c) && c is not ('"' or '\\'), $"U+{(int)c:X4} left unescaped");
        // ...and decoding gives every code unit back, lone surrogates included (each is escaped on its own).
        Assert.Equal(text, Decode(frame[1..]));
    }

    [Fact]
    public void Frames_are_valid_json_for_real_world_text()
    {
        var text = "MESSAGE\ndestination:/topic/notify/p/1001\n\n{\"data\":\"置闲成功 \ud83d\ude00 \u2028\"}\0";
        var parsed = JsonDocument.Parse(SockJsFrames.Messages([text])[1..]).RootElement[0].GetString();
        Assert.Equal(text, parsed);
    }

    [Fact]
    public void Close_reasons_are_escaped_too()
        => Assert.Equal("c[3000,\"say \\\"bye\\\"\\n\"]", SockJsFrames.Close(3000, "say \"bye\"\n"));

    /// <summary>Decodes the JSON array with a hand-written reader that keeps lone surrogates (System.Text.Json refuses
    /// to materialize strings with unpaired surrogates).</summary>
    private static string Decode(string jsonArray)
    {
        var builder = new StringBuilder();
        var i = jsonArray.IndexOf('"') + 1;
        while (jsonArray[i] != '"')
        {
            var c = jsonArray[i++];
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            var e = jsonArray[i++];
            switch (e)
            {
                case 'u':
                    builder.Append((char)Convert.ToInt32(jsonArray.Substring(i, 4), 16));
                    i += 4;
                    break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                default: builder.Append(e); break;
            }
        }
        return builder.ToString();
    }
}
