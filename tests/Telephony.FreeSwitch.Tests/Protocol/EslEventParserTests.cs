namespace CallCenter.Telephony.FreeSwitch.Tests;

public sealed class EslEventParserTests
{
    [Fact]
    public void Json_events_keep_strings_arrays_and_the_body()
    {
        var evt = EslEventParser.ParseJson("""
            {"Event-Name":"BACKGROUND_JOB","Job-UUID":"7f4db78a","Core-UUID":"c","Event-Date-Timestamp":"1700000000000001",
             "variable_cc_call":"call-1","Content-Length":"15","_body":"-ERR USER_BUSY\n","multi":["a","b"],"n":5}
            """);
        Assert.Equal("BACKGROUND_JOB", evt.Name);
        Assert.Equal("7f4db78a", evt.JobUuid);
        Assert.Equal("-ERR USER_BUSY\n", evt.Body);
        Assert.Equal("call-1", evt.Variable("cc_call"));
        Assert.Equal("ARRAY::a|:b", evt.Header("multi"));
        Assert.Equal("5", evt.Header("N"));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000).AddTicks(10), evt.Timestamp);
    }

    [Fact]
    public void Plain_events_are_decoded_and_may_carry_their_own_body()
    {
        var evt = EslEventParser.ParsePlain(
            "Event-Name: BACKGROUND_JOB\nJob-UUID: j-1\nJob-Command-Arg: user%2F1000%20%26park()\nContent-Length: 41\n\n+OK 5f9c6b24-1548-11dd-9eeb-0d886880e312\n");
        Assert.Equal("user/1000 &park()", evt.Header("Job-Command-Arg"));
        Assert.Equal("+OK 5f9c6b24-1548-11dd-9eeb-0d886880e312\n", evt.Body);
    }

    [Fact]
    public void Xml_events_are_read_without_resolving_anything()
    {
        var evt = EslEventParser.ParseXml(
            "<event><headers><Event-Name>DTMF</Event-Name><Unique-ID>u-1</Unique-ID><DTMF-Digit>5</DTMF-Digit></headers><body>hi &amp; bye</body></event>");
        Assert.Equal("DTMF", evt.Name);
        Assert.Equal("5", evt.Header("dtmf-digit"));
        Assert.Equal("hi & bye", evt.Body);

        Assert.Throws<EslProtocolException>(() => EslEventParser.ParseXml(
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><event><headers><Event-Name>&e;</Event-Name></headers></event>"));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"Unique-ID\":\"x\"}")]
    public void Bad_json_events_are_protocol_errors(string json) =>
        Assert.Throws<EslProtocolException>(() => EslEventParser.ParseJson(json));

    [Fact]
    public void Frames_of_other_types_are_not_events()
    {
        var frame = new EslFrame(new Dictionary<string, string> { ["Content-Type"] = "api/response" }, "+OK");
        Assert.Throws<EslProtocolException>(() => EslEventParser.FromFrame(frame));
    }
}
