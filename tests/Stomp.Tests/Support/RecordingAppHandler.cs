using System.Collections.Concurrent;
using CallCenter.Edge.Stomp;

namespace CallCenter.Stomp.Tests.Support;

/// <summary>
/// An application handler for tests: records every SEND it gets; "/app/echo" publishes the body back to
/// "/topic/echo/{principal or anonymous}" of the sender's tenant (so a client can see its SEND round-trip), "/app/fail"
/// throws (an application failure must not break the connection).
/// </summary>
internal sealed class RecordingAppHandler(Func<IStompBroker> broker) : IStompAppHandler
{
    public ConcurrentQueue<StompAppMessage> Received { get; } = new();

    public IReadOnlyCollection<string> Destinations { get; } = ["/app/echo", "/app/record", "/app/fail"];

    public async ValueTask HandleAsync(StompAppMessage message, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(message);
        switch (message.Destination)
        {
            case "/app/echo":
                await broker().PublishAsync(message.TenantId, $"/topic/echo/{message.Principal ?? "anonymous"}", message.Body, cancellationToken);
                break;
            case "/app/fail":
                throw new InvalidOperationException("the handler failed on purpose");
        }
    }
}
