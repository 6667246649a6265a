using CallCenter.Edge.SockJs;

namespace CallCenter.Stomp.Tests.SockJs;

public class SockJsOutboxTests
{
    [Fact]
    public void Refuses_messages_beyond_the_count_bound()
    {
        var outbox = new SockJsOutbox(maxMessages: 2, maxChars: 1000);
        Assert.True(outbox.TryEnqueue("a"));
        Assert.True(outbox.TryEnqueue("b"));
        Assert.False(outbox.TryEnqueue("c"));
        Assert.Equal(["a", "b"], outbox.TakeAll(out var close));
        Assert.Null(close);
        Assert.True(outbox.TryEnqueue("c"));
    }

    [Fact]
    public void Refuses_messages_beyond_the_size_bound()
    {
        var outbox = new SockJsOutbox(maxMessages: 100, maxChars: 10);
        Assert.True(outbox.TryEnqueue("12345678"));
        Assert.False(outbox.TryEnqueue("123"));
        Assert.True(outbox.TryEnqueue("12"));
    }

    [Fact]
    public void The_final_message_bypasses_the_bounds_and_comes_before_the_close_frame()
    {
        var outbox = new SockJsOutbox(maxMessages: 1, maxChars: 1000);
        Assert.True(outbox.TryEnqueue("a"));
        Assert.True(outbox.Close(SockJsFrames.GoAway, "ERROR"));
        Assert.False(outbox.TryEnqueue("late"));
        Assert.Equal(["a", "ERROR"], outbox.TakeAll(out var close));
        Assert.Equal(SockJsFrames.GoAway, close);
        Assert.Empty(outbox.TakeAll(out close));
        Assert.Equal(SockJsFrames.GoAway, close);
    }

    [Fact]
    public void Closing_can_discard_the_backlog_and_only_the_first_close_counts()
    {
        var outbox = new SockJsOutbox(maxMessages: 10, maxChars: 1000);
        outbox.TryEnqueue("a");
        outbox.TryEnqueue("b");
        Assert.True(outbox.Close(SockJsFrames.GoAway, "ERROR", discardPending: true));
        Assert.False(outbox.Close(SockJsFrames.ConnectionInterrupted, "other"));
        Assert.Equal(["ERROR"], outbox.TakeAll(out var close));
        Assert.Equal(SockJsFrames.GoAway, close);
    }

    [Fact]
    public async Task Waiting_ends_when_a_message_arrives_or_the_timeout_passes()
    {
        var outbox = new SockJsOutbox(10, 1000);
        Assert.False(await outbox.WaitAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None));
        var waiting = outbox.WaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None).AsTask();
        outbox.TryEnqueue("x");
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Waiting_ends_when_the_outbox_closes()
    {
        var outbox = new SockJsOutbox(10, 1000);
        var waiting = outbox.WaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None).AsTask();
        outbox.Close(SockJsFrames.GoAway);
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
