using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Utilities;

namespace CallCenter.Bench;

/// <summary>One push as a subscription's owner numbers it; <see cref="SentTicks"/> is the publisher's
/// <see cref="Stopwatch"/> timestamp (the edge is in the same process, so it reads the same clock).</summary>
[GenerateSerializer, Immutable, Alias("bench.Push")]
public sealed record BenchPush(string Topic, long Seq, long SentTicks, string Body);

/// <summary>An edge process as the code subscribes one (<c>ISeatPushObserver</c>, <c>IManagementEventObserver</c>): one
/// observer per edge, which fans out to its own sessions.</summary>
[Alias("bench.IPushEdgeObserver")]
public interface IPushEdgeObserver : IGrainObserver
{
    [OneWay]
    Task OnPushesAsync(string topic, IReadOnlyList<BenchPush> pushes);
}

[Alias("bench.IPushPublisherGrain")]
public interface IPushPublisherGrain : IGrainWithStringKey
{
    Task SubscribeAsync(IPushEdgeObserver edge);

    /// <summary>Numbers and sends <paramref name="count"/> pushes, to the subscribed edge observers or, with
    /// <paramref name="viaStream"/>, to the memory stream named after this grain.</summary>
    Task PublishAsync(int count, bool viaStream);
}

/// <summary>The owner of a subscription's history (as <c>SeatPushOutboxGrain</c> is), without persistence: numbers its
/// pushes and sends each either through an <see cref="ObserverManager{T}"/> (one-way, what the code does) or to a
/// memory stream.</summary>
[GrainType("bench-push-publisher")]
public sealed class PushPublisherGrain(ILogger<PushPublisherGrain> log) : Grain, IPushPublisherGrain
{
    public const string StreamProvider = "bench-pushes";
    public const string StreamNamespace = "bench.pushes";

    private readonly ObserverManager<IPushEdgeObserver> _edges = new(TimeSpan.FromMinutes(30), log);
    private readonly string _body = new('x', 200);
    private IAsyncStream<BenchPush>? _stream;
    private long _seq;

    public Task SubscribeAsync(IPushEdgeObserver edge)
    {
        _edges.Subscribe(edge, edge);
        return Task.CompletedTask;
    }

    public async Task PublishAsync(int count, bool viaStream)
    {
        var topic = this.GetPrimaryKeyString();
        for (var i = 0; i < count; i++)
        {
            var push = new BenchPush(topic, ++_seq, Stopwatch.GetTimestamp(), _body);
            if (viaStream)
            {
                _stream ??= this.GetStreamProvider(StreamProvider).GetStream<BenchPush>(StreamId.Create(StreamNamespace, topic));
                await _stream.OnNextAsync(push);
            }
            else
            {
                IReadOnlyList<BenchPush> batch = [push];
                await _edges.Notify(edge => edge.OnPushesAsync(topic, batch));
            }
        }
    }
}
