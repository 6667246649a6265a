using CallCenter.Edge.Stomp;
using CallCenter.Stomp.Tests.Support;
using static CallCenter.Stomp.Tests.Support.StompHarness;

namespace CallCenter.Stomp.Tests.Broker;

public sealed class StompBrokerTests : IDisposable
{
    private readonly StompHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private async Task<TestClient> Login(string login, string passcode)
    {
        var client = _harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("test-login", login), ("test-passcode", passcode)]));
        client.ClearFrames();
        return client;
    }

    private static Task Subscribe(TestClient client, string destination, string id = "0", params (string, string)[] extra)
        => client.SendAsync(Frame("SUBSCRIBE", [("id", id), ("destination", destination), .. extra]));

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_publications_on_the_same_destination()
    {
        var acme = await Login("alice", "secret-a");
        var globex = await Login("bob", "secret-g");
        var demo = await _harness.ConnectAsync();
        foreach (var client in new[] { acme, globex, demo }) await Subscribe(client, "/topic/call/1001");

        await _harness.Broker.PublishAsync("globex", "/topic/call/1001", "{\"for\":\"globex\"}");
        await _harness.Broker.PublishAsync("acme", "/topic/call/1001", "{\"for\":\"acme\"}");
        await _harness.Broker.PublishAsync("nobody", "/topic/call/1001", "{\"for\":\"nobody\"}");

        Assert.Equal(["{\"for\":\"acme\"}"], acme.Frames.Select(f => f.BodyText));
        Assert.Equal(["{\"for\":\"globex\"}"], globex.Frames.Select(f => f.BodyText));
        Assert.Empty(demo.Frames);
    }

    [Fact]
    public async Task Destinations_match_exactly()
    {
        var client = await _harness.ConnectAsync();
        await Subscribe(client, "/topic/call/1001");
        await _harness.Broker.PublishAsync("demo", "/topic/call/10011", "{}");
        await _harness.Broker.PublishAsync("demo", "/topic/call", "{}");
        await _harness.Broker.PublishAsync("demo", "/topic/call/1001/", "{}");
        Assert.Empty(client.Frames);
    }

    [Fact]
    public async Task Every_subscriber_sees_concurrent_publications_in_one_order_with_gap_free_sequence_numbers()
    {
        var clients = new List<TestClient>();
        for (var i = 0; i < 3; i++)
        {
            var client = await _harness.ConnectAsync();
            await Subscribe(client, "/topic/status/1001");
            clients.Add(client);
        }
        // Two subscriptions of one session on the same destination are numbered independently.
        await Subscribe(clients[0], "/topic/status/1001", "second");

        const int publishers = 4, each = 250;
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++) await _harness.Broker.PublishAsync("demo", "/topic/status/1001", $"{{\"p\":{p},\"i\":{i}}}");
        })));

        var reference = clients[1].Frames.Select(f => f.BodyText).ToList();
        Assert.Equal(publishers * each, reference.Count);
        foreach (var client in clients)
        {
            foreach (var group in client.Frames.GroupBy(f => f["subscription"]))
            {
                var frames = group.ToList();
                Assert.Equal(reference, frames.Select(f => f.BodyText));
                Assert.Equal(Enumerable.Range(1, publishers * each).Select(n => n.ToString()), frames.Select(f => f["seq"]));
                Assert.Equal(Enumerable.Range(1, publishers * each).Select(n => n.ToString()), frames.Select(f => f["pub-seq"]));
            }
        }
        // Each publisher's own messages keep their order.
        for (var p = 0; p < publishers; p++)
        {
            var mine = reference.Where(b => b.StartsWith($"{{\"p\":{p},")).ToList();
            Assert.Equal(Enumerable.Range(0, each).Select(i => $"{{\"p\":{p},\"i\":{i}}}"), mine);
        }
    }

    [Fact]
    public async Task A_slow_consumer_is_disconnected_with_an_error_without_holding_up_publishers_or_other_sessions()
    {
        var slow = _harness.Open(channelCapacity: 5);
        await slow.SendAsync(Frame("CONNECT", [("accept-version", "1.2")]));
        await Subscribe(slow, "/topic/busy");
        var healthy = await _harness.ConnectAsync();
        await Subscribe(healthy, "/topic/busy");

        for (var i = 0; i < 100; i++) await _harness.Broker.PublishAsync("demo", "/topic/busy", $"{{\"i\":{i}}}");

        var error = await slow.ClosedWithErrorAsync();
        Assert.Equal("slow consumer: too many undelivered messages", error["message"]);
        // The backlog it could not read was dropped, so the ERROR is what it gets next.
        Assert.True(slow.Channel.DiscardedPending);
        Assert.Single(slow.Frames);
        Assert.Equal(100, healthy.Frames.Count);
        await Eventually.TrueAsync(() => _harness.Broker.SubscriberCount("demo", "/topic/busy") == 1, "the slow session unsubscribed");
    }

    [Fact]
    public async Task A_reconnecting_client_resumes_without_missing_a_publication()
    {
        var first = await _harness.ConnectAsync();
        await Subscribe(first, "/topic/status/1001");
        await _harness.Broker.PublishAsync("demo", "/topic/status/1001", "{\"n\":1}");
        var last = Assert.Single(first.Frames);
        await first.SendAsync(Frame("DISCONNECT", []));

        // Published while the client was away.
        await _harness.Broker.PublishAsync("demo", "/topic/status/1001", "{\"n\":2}");
        await _harness.Broker.PublishAsync("demo", "/topic/status/1001", "{\"n\":3}");

        var second = await _harness.ConnectAsync();
        await Subscribe(second, "/topic/status/1001", "0", ("resume-epoch", last["pub-epoch"]!), ("resume-after", last["pub-seq"]!), ("receipt", "r"));
        await _harness.Broker.PublishAsync("demo", "/topic/status/1001", "{\"n\":4}");

        var frames = second.Frames;
        Assert.Equal(["{\"n\":2}", "{\"n\":3}"], frames.Take(2).Select(f => f.BodyText));
        Assert.All(frames.Take(2), f => Assert.Equal("true", f["replayed"]));
        Assert.Equal(StompCommand.Receipt, frames[2].Command);
        Assert.Equal("complete", frames[2]["resume"]);
        Assert.Equal("{\"n\":4}", frames[3].BodyText);
        Assert.Null(frames[3]["replayed"]);
        Assert.Equal(["1", "2", "3"], frames.Where(f => f.Command == StompCommand.Message).Select(f => f["seq"]));
        Assert.Equal(["2", "3", "4"], frames.Where(f => f.Command == StompCommand.Message).Select(f => f["pub-seq"]));
    }

    [Fact]
    public async Task Resuming_from_the_latest_publication_replays_nothing_and_is_complete()
    {
        var first = await _harness.ConnectAsync();
        await Subscribe(first, "/topic/x");
        await _harness.Broker.PublishAsync("demo", "/topic/x", "{}");
        var last = Assert.Single(first.Frames);
        var second = await _harness.ConnectAsync();
        await Subscribe(second, "/topic/x", "0", ("resume-epoch", last["pub-epoch"]!), ("resume-after", last["pub-seq"]!), ("receipt", "r"));
        Assert.Equal("complete", Assert.Single(second.Frames)["resume"]);
    }

    [Fact]
    public async Task A_resume_the_broker_cannot_honour_is_reported_as_a_gap()
    {
        using var harness = new StompHarness(o => o.ResumeHistorySize = 2);
        var first = await harness.ConnectAsync();
        await Subscribe(first, "/topic/x");
        for (var i = 1; i <= 5; i++) await harness.Broker.PublishAsync("demo", "/topic/x", $"{{\"n\":{i}}}");
        var epoch = first.Frames[0]["pub-epoch"]!;

        // Older than what is kept.
        var tooOld = await harness.ConnectAsync();
        await Subscribe(tooOld, "/topic/x", "0", ("resume-epoch", epoch), ("resume-after", "1"), ("receipt", "r"));
        Assert.Equal("gap", Assert.Single(tooOld.Frames)["resume"]);

        // Another epoch (restart, another edge).
        var otherEpoch = await harness.ConnectAsync();
        await Subscribe(otherEpoch, "/topic/x", "0", ("resume-epoch", "elsewhere-1"), ("resume-after", "5"), ("receipt", "r"));
        Assert.Equal("gap", Assert.Single(otherEpoch.Frames)["resume"]);

        // Within what is kept.
        var recent = await harness.ConnectAsync();
        await Subscribe(recent, "/topic/x", "0", ("resume-epoch", epoch), ("resume-after", "3"), ("receipt", "r"));
        Assert.Equal(["{\"n\":4}", "{\"n\":5}", ""], recent.Frames.Select(f => f.BodyText));
    }

    [Fact]
    public async Task Publishing_to_a_destination_nobody_subscribed_keeps_nothing()
    {
        await _harness.Broker.PublishAsync("demo", "/topic/nobody", "{}");
        Assert.Equal(0, _harness.Broker.SubscriberCount("demo", "/topic/nobody"));
        var client = await _harness.ConnectAsync();
        await Subscribe(client, "/topic/nobody");
        Assert.Empty(client.Frames);
    }

    [Fact]
    public async Task Unused_destinations_are_retired_after_the_resume_retention()
    {
        using var harness = new StompHarness(o => o.ResumeRetention = TimeSpan.FromMilliseconds(1));
        var client = await harness.ConnectAsync();
        await Subscribe(client, "/topic/x");
        await harness.Broker.PublishAsync("demo", "/topic/x", "{}");
        var epoch = client.Frames[0]["pub-epoch"]!;
        await client.SendAsync(Frame("UNSUBSCRIBE", [("id", "0")]));
        await Task.Delay(5);
        harness.Broker.Sweep();

        var later = await harness.ConnectAsync();
        await Subscribe(later, "/topic/x", "0", ("resume-epoch", epoch), ("resume-after", "1"), ("receipt", "r"));
        Assert.Equal("gap", Assert.Single(later.Frames)["resume"]);
    }

    [Fact]
    public async Task Publish_validates_its_arguments()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await _harness.Broker.PublishAsync("", "/topic/x", "{}"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _harness.Broker.PublishAsync("demo", "", "{}"));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await _harness.Broker.PublishAsync("demo", "/topic/x", null!));
    }
}
