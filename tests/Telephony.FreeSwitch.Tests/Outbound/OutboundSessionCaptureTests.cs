namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>The outbound-mode session driven against the captured sessions, command by command as the capture's
/// application did: connect, event plain ALL, linger, then executes and api calls, then exit.</summary>
public sealed class OutboundSessionCaptureTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(CaptureFiles.Session1, 14, 2)]
    [InlineData(CaptureFiles.Session2, 14, 1)]
    [InlineData(CaptureFiles.Session3, 11, 1)]
    public async Task A_captured_session_replays_through_the_outbound_session(string file, int events, int notices)
    {
        var stream = new CaptureReplayStream(CaptureFiles.Read(file));
        await using var session = new EslOutboundSession(stream);

        var channel = await session.ConnectAsync().WaitAsync(Guard);
        Assert.Equal("CHANNEL_DATA", channel.Name);
        Assert.Equal(channel.UniqueId, session.UniqueId);
        Assert.Equal("inbound", channel.Header("Call-Direction"));
        Assert.Equal("socket", channel.Variable("current_application"));

        Assert.Equal("+OK event listener enabled plain", (await session.EventAsync("plain", "ALL").WaitAsync(Guard)).ReplyText);
        Assert.Equal("+OK will linger", (await session.LingerAsync().WaitAsync(Guard)).ReplyText);
        Assert.Equal("+OK", (await session.ExecuteAsync("answer").WaitAsync(Guard)).ReplyText);
        Assert.Equal("+OK", (await session.ExecuteAsync("playback", "ivr/8000/ivr-call_being_transferred.wav").WaitAsync(Guard)).ReplyText);
        Assert.Equal("+OK event listener enabled plain", (await session.MyEventsAsync().WaitAsync(Guard)).ReplyText);
        Assert.Equal("+OK", (await session.ExecuteAsync("spandsp_start_dtmf").WaitAsync(Guard)).ReplyText);
        Assert.Equal("+OK\n", await session.ApiAsync("uuid_setvar x y").WaitAsync(Guard));
        Assert.Equal("+OK", (await session.ExecuteAsync("bridge", "user/1003").WaitAsync(Guard)).ReplyText);
        if (file != CaptureFiles.Session3) Assert.Equal("+OK\n", await session.ApiAsync("uuid_setvar x z").WaitAsync(Guard));
        Assert.Equal("+OK bye", (await session.ExitAsync().WaitAsync(Guard)).ReplyText);

        var received = new List<EslEvent>();
        await foreach (var evt in session.ReadEventsAsync().WithCancellation(new CancellationTokenSource(Guard).Token)) received.Add(evt);
        Assert.Equal(events, received.Count);
        Assert.All(received, e => Assert.False(string.IsNullOrEmpty(e.UniqueId)));
        Assert.Equal(notices, session.DisconnectNotices.Count);
        Assert.Equal("FreeSWITCH closed the connection", await session.Closed.WaitAsync(Guard));

        Assert.Equal("connect", stream.Commands[0]);
        Assert.Equal("event plain ALL", stream.Commands[1]);
        Assert.Equal("sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: ivr/8000/ivr-call_being_transferred.wav\nevent-lock: true", stream.Commands[4]);
    }
}
