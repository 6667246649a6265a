using System.Threading.Channels;

namespace CallCenter.Bench;

/// <summary>
/// The floor the runtime is compared with: bare System.Threading.Channels request/reply. One server loop per "activation"
/// reads its request channel and answers on the caller's reply channel; callers are shaped exactly like the grain
/// benchmark's. Both sides therefore pay the same two thread-pool hops per round trip that a grain call does.
/// </summary>
internal static class RuntimeChannelBaseline
{
    private sealed record Request(int Value, ChannelWriter<int> ReplyTo);

    public static async Task<long> RunAsync(int servers, int callersPerServer, TimeSpan duration)
    {
        var requestChannels = Enumerable.Range(0, servers)
            .Select(_ => Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();
        var serverLoops = requestChannels.Select(channel => Task.Run(() => ServeAsync(channel.Reader))).ToArray();

        using var stop = new CancellationTokenSource(duration);
        var callers = new List<Task<long>>();
        for (var s = 0; s < servers; s++)
        {
            var server = requestChannels[s].Writer;
            for (var c = 0; c < callersPerServer; c++) callers.Add(Task.Run(() => CallAsync(server, stop.Token)));
        }
        var completed = (await Task.WhenAll(callers)).Sum();
        foreach (var channel in requestChannels) channel.Writer.Complete();
        await Task.WhenAll(serverLoops);
        return completed;
    }

    private static async Task ServeAsync(ChannelReader<Request> requests)
    {
        var served = 0;
        while (await requests.WaitToReadAsync().ConfigureAwait(false))
        {
            while (requests.TryRead(out var request))
            {
                served++;
                request.ReplyTo.TryWrite(request.Value + served);
            }
        }
    }

    private static async Task<long> CallAsync(ChannelWriter<Request> server, CancellationToken stop)
    {
        var replies = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        long calls = 0;
        while (!stop.IsCancellationRequested)
        {
            server.TryWrite(new Request((int)calls, replies.Writer));
            await replies.Reader.ReadAsync().ConfigureAwait(false);
            calls++;
        }
        return calls;
    }
}
