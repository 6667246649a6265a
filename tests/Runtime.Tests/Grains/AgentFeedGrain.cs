using System.Text.Json.Serialization;
using CallCenter.Runtime.Streams;

namespace CallCenter.Runtime.Tests.Grains;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(AgentLoggedIn), "loggedIn")]
[JsonDerivedType(typeof(AgentStateChanged), "stateChanged")]
public abstract record AgentEvent(string AgentId);

public sealed record AgentLoggedIn(string AgentId, string Extension) : AgentEvent(AgentId);

public sealed record AgentStateChanged(string AgentId, string State) : AgentEvent(AgentId);

public sealed record ReceivedEvent(AgentEvent Event, long SequenceNumber);

public interface IAgentFeedGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<ReceivedEvent>> GetReceived();

    Task PublishOwn(AgentEvent agentEvent);

    Task SubscribeWithDelegate();
}

/// <summary>Receives the "agent-events" stream whose key is its own key, through its mailbox.</summary>
[GrainType("agent-feed")]
[ImplicitStreamSubscription(AgentFeedGrain.Namespace)]
public sealed class AgentFeedGrain : Grain, IAgentFeedGrain, IAsyncObserver<AgentEvent>
{
    public const string Namespace = "agent-events";

    private readonly List<ReceivedEvent> _received = [];
    private bool _inTurn;

    public async Task OnNextAsync(AgentEvent item, StreamSequenceToken? token = null)
    {
        if (_inTurn) throw new InvalidOperationException("deliveries overlapped");
        _inTurn = true;
        await Task.Yield();
        _received.Add(new ReceivedEvent(item, token?.SequenceNumber ?? -1));
        _inTurn = false;
    }

    public Task<IReadOnlyList<ReceivedEvent>> GetReceived() => Task.FromResult<IReadOnlyList<ReceivedEvent>>([.. _received]);

    public Task PublishOwn(AgentEvent agentEvent)
        => this.GetStreamProvider("Default").GetStream<AgentEvent>(StreamId.Create(Namespace, GrainKey)).OnNextAsync(agentEvent);

    public Task SubscribeWithDelegate()
        => this.GetStreamProvider("Default").GetStream<AgentEvent>(StreamId.Create(Namespace, GrainKey)).SubscribeAsync((_, _) => Task.CompletedTask);
}
