using System.Text;
using CallCenter.Edge.SockJs;

namespace CallCenter.Stomp.Tests.SockJs;

public class SockJsClientPayloadTests
{
    private static (bool Ok, List<string> Messages, string? Error) Parse(string text, bool allowSingleString = false)
    {
        var ok = SockJsClientPayload.TryParse(Encoding.UTF8.GetBytes(text), allowSingleString, out var messages, out var error);
        return (ok, messages, error);
    }

    [Fact]
    public void Reads_an_array_of_strings()
    {
        var (ok, messages, _) = Parse("[\"CONNECT\\naccept-version:1.2\\n\\n\\u0000\", \"\\n\", \"置闲\"]");
        Assert.True(ok);
        Assert.Equal(["CONNECT\naccept-version:1.2\n\n\0", "\n", "置闲"], messages);
    }

    [Fact]
    public void Reads_an_empty_array() => Assert.Empty(Parse("[]").Messages);

    [Fact]
    public void A_single_string_only_where_allowed()
    {
        Assert.Equal(["x"], Parse("\"x\"", allowSingleString: true).Messages);
        Assert.Equal(SockJsClientPayload.PayloadExpected, Parse("\"x\"").Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("[\"a\", null]")]
    [InlineData("[[\"a\"]]")]
    public void Anything_else_is_payload_expected(string text) => Assert.Equal(SockJsClientPayload.PayloadExpected, Parse(text).Error);

    [Theory]
    [InlineData("[\"x")]
    [InlineData("[\"x\"")]
    [InlineData("[\"x\"] trailing")]
    [InlineData("[\"\\q\"]")]
    [InlineData("not json")]
    public void Broken_json_is_reported_as_such(string text) => Assert.Equal(SockJsClientPayload.BrokenJson, Parse(text).Error);
}
