using System.Collections.Concurrent;
using CallCenter.Runtime.Streams;
using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests;

public sealed class StreamTests
{
    [Fact]
    public async Task Subscribers_get_items_in_order_numbered_1_2_3()
    {
        await using var silo = await TestSilo.StartAsync();
        var stream = silo.Client.GetStreamProvider("Default").GetStream<AgentEvent>(StreamId.Create("board-events", "tenant1:board-9"));
        var first = new ConcurrentQueue<(string, long)>();
        var second = new ConcurrentQueue<(string, long)>();
        await stream.SubscribeAsync((item, token) => { first.Enqueue((((AgentStateChanged)item).State, token.SequenceNumber)); return Task.CompletedTask; });
        await stream.SubscribeAsync(async (item, token) => { await Task.Yield(); second.Enqueue((((AgentStateChanged)item).State, token.SequenceNumber)); });

        for (var i = 1; i <= 100; i++) await stream.OnNextAsync(new AgentStateChanged("a1", $"s{i}"));
        await silo.Diagnostics.WaitForQuiescenceAsync();

        var expected = Enumerable.Range(1, 100).Select(i => ($"s{i}", (long)i));
        Assert.Equal(expected, first);
        Assert.Equal(expected, second);
    }

    [Fact]
    public async Task Implicitly_subscribed_grains_receive_their_stream_through_the_mailbox()
    {
        await using var silo = await TestSilo.StartAsync();
        var provider = silo.Client.GetStreamProvider("Default");
        var alice = provider.GetStream<AgentEvent>(StreamId.Create(AgentFeedGrain.Namespace, "tenant1:alice"));
        var bob = provider.GetStream<AgentEvent>(StreamId.Create(AgentFeedGrain.Namespace, "tenant1:bob"));

        // Concurrent publishers on one stream still produce one order, the same for the grain as for the numbering.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++) await alice.OnNextAsync(new AgentStateChanged("alice", $"p{p}-{i}"));
        })));
        await bob.OnNextAsync(new AgentLoggedIn("bob", "8001"));
        await silo.Diagnostics.WaitForQuiescenceAsync();

        var received = await silo.Grain<IAgentFeedGrain>("tenant1:alice").GetReceived();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), received.Select(r => r.SequenceNumber));
        for (var p = 0; p < 4; p++)
        {
            var fromPublisher = received.Select(r => ((AgentStateChanged)r.Event).State).Where(s => s.StartsWith($"p{p}-", StringComparison.Ordinal));
            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"p{p}-{i}"), fromPublisher);
        }
        var bobs = await silo.Grain<IAgentFeedGrain>("tenant1:bob").GetReceived();
        Assert.Equal([new ReceivedEvent(new AgentLoggedIn("bob", "8001"), 1)], bobs);
    }

    [Fact]
    public async Task A_grain_publishes_to_its_own_stream_and_cannot_subscribe_with_a_delegate()
    {
        await using var silo = await TestSilo.StartAsync();
        var feed = silo.Grain<IAgentFeedGrain>("tenant1:carol");
        var edge = new ConcurrentQueue<long>();
        await silo.Client.GetStreamProvider("Default").GetStream<AgentEvent>(StreamId.Create(AgentFeedGrain.Namespace, "tenant1:carol"))
            .SubscribeAsync((_, token) => { edge.Enqueue(token.SequenceNumber); return Task.CompletedTask; });

        await feed.PublishOwn(new AgentLoggedIn("carol", "8002"));
        await silo.Diagnostics.WaitForQuiescenceAsync();

        Assert.Equal([1L], edge);
        Assert.Single(await feed.GetReceived());
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => feed.SubscribeWithDelegate());
        Assert.Contains("ImplicitStreamSubscription", refused.Message);
    }

    [Fact]
    public async Task A_slow_subscriber_blocks_neither_the_publisher_nor_the_others_and_sees_the_gap()
    {
        await using var silo = await TestSilo.StartAsync(runtime: o => o.StreamSubscriberQueueCapacity = 10);
        var stream = silo.Client.GetStreamProvider("Default").GetStream<int>(StreamId.Create("queue-stats", "tenant1:q1"));
        var slowStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new ConcurrentQueue<long>();
        var fast = new ConcurrentQueue<long>();
        using var fastGotOne = new SemaphoreSlim(0);
        await stream.SubscribeAsync(async (_, token) =>
        {
            slowStarted.TrySetResult();
            await release.Task;
            slow.Enqueue(token.SequenceNumber);
        });
        await stream.SubscribeAsync((_, token) =>
        {
            fast.Enqueue(token.SequenceNumber);
            fastGotOne.Release();
            return Task.CompletedTask;
        });

        await stream.OnNextAsync(0);
        await slowStarted.Task; // #1 is now held by the slow handler
        await fastGotOne.WaitAsync();
        for (var i = 1; i < 30; i++)
        {
            await stream.OnNextAsync(i); // completes although the slow subscriber is stuck
            await fastGotOne.WaitAsync(); // and the other subscriber keeps up
        }
        release.SetResult();
        await silo.Diagnostics.WaitForQuiescenceAsync();

        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), fast);
        // The slow one got #1, then only the newest ten: the jump from 1 to 21 tells it what it missed.
        Assert.Equal([1L, .. Enumerable.Range(21, 10).Select(i => (long)i)], slow);
        Assert.Equal(19, silo.Diagnostics.GetStatistics().StreamItemsDropped);
    }

    [Fact]
    public async Task Unsubscribing_stops_deliveries()
    {
        await using var silo = await TestSilo.StartAsync();
        var stream = silo.Client.GetStreamProvider("Default").GetStream<string>(StreamId.Create("chat", "tenant1:room"));
        var received = new ConcurrentQueue<string>();
        var handle = await stream.SubscribeAsync((item, _) => { received.Enqueue(item); return Task.CompletedTask; });

        await stream.OnNextAsync("before");
        await silo.Diagnostics.WaitForQuiescenceAsync();
        await handle.UnsubscribeAsync();
        await stream.OnNextAsync("after");
        await silo.Diagnostics.WaitForQuiescenceAsync();

        Assert.Equal(["before"], received);
        Assert.Equal(StreamId.Create("chat", "tenant1:room"), handle.StreamId);
    }

    [Fact]
    public async Task Items_that_cannot_cross_the_wire_fail_the_publisher()
    {
        await using var silo = await TestSilo.StartAsync();
        var stream = silo.Client.GetStreamProvider("Default").GetStream<CallbackRequest>(StreamId.Create("bad", "tenant1:x"));

        await Assert.ThrowsAsync<GrainSerializationException>(() => stream.OnNextAsync(new CallbackRequest("x", () => { })));
        Assert.Throws<KeyNotFoundException>(() => silo.Client.GetStreamProvider("NoSuchProvider"));
        Assert.Throws<ArgumentException>(() => silo.Client.GetStreamProvider("Default").GetStream<int>(StreamId.Create("ns", "")));
    }
}
