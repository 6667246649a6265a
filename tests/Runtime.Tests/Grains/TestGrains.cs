using Orleans.Concurrency;

namespace CallCenter.Runtime.Tests.Grains;

[Alias("tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    /// <summary>The id of the activation answering, to see that concurrent first calls meet one activation.</summary>
    Task<string> ActivationAsync();
}

public sealed class CounterState
{
    public int Count { get; set; }

    public string? Note { get; set; }
}

[GrainType("test-counter")]
public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    private readonly string _activation = Guid.NewGuid().ToString("N");

    public async Task<int> IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Count);

    public Task<string> ActivationAsync() => Task.FromResult(_activation);
}

[Alias("tests.IChainGrain")]
public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Starts a chain of <paramref name="hops"/> one-way calls through grains "key-1", "key-2", ...; the last
    /// one records that it ran.</summary>
    [OneWay]
    Task RelayAsync(int hops);

    Task<int> ReceivedAsync();

    /// <summary>Awaits <paramref name="other"/>.PongAsync, which calls back into this grain: a cycle.</summary>
    Task PingAsync(string other);

    Task PongAsync(string caller);

    Task EchoAsync();

    /// <summary>As <see cref="PingAsync"/>, but the call back is one-way, so nobody waits on anyone.</summary>
    Task PingOneWayBackAsync(string other);

    Task PongOneWayAsync(string caller);

    [OneWay]
    Task EchoOneWayAsync();

    /// <summary>Ticks a grain timer every <paramref name="period"/>, <paramref name="ticks"/> times.</summary>
    Task StartTimerAsync(TimeSpan period, int ticks);

    /// <summary>A reminder named "r" every <paramref name="period"/>; each tick counts and calls a sink one-way.</summary>
    Task StartReminderAsync(TimeSpan period);

    Task StopReminderAsync();
}

[GrainType("test-chain")]
public sealed class ChainGrain([PersistentState("chain")] IPersistentState<CounterState> state) : Grain, IChainGrain, IRemindable
{
    private int _received;
    private IGrainTimer? _timer;
    private int _ticksLeft;

    public async Task RelayAsync(int hops)
    {
        _received++;
        if (hops > 0) await Next().RelayAsync(hops - 1);
    }

    public Task<int> ReceivedAsync() => Task.FromResult(_received + state.State.Count);

    public Task PingAsync(string other) => GrainFactory.GetGrain<IChainGrain>(other).PongAsync(this.GetPrimaryKeyString());

    public Task PongAsync(string caller) => GrainFactory.GetGrain<IChainGrain>(caller).EchoAsync();

    public Task EchoAsync() => Task.CompletedTask;

    public Task PingOneWayBackAsync(string other) => GrainFactory.GetGrain<IChainGrain>(other).PongOneWayAsync(this.GetPrimaryKeyString());

    public Task PongOneWayAsync(string caller) => GrainFactory.GetGrain<IChainGrain>(caller).EchoOneWayAsync();

    public Task EchoOneWayAsync()
    {
        _received++;
        return Task.CompletedTask;
    }

    public Task StartTimerAsync(TimeSpan period, int ticks)
    {
        _ticksLeft = ticks;
        _timer = this.RegisterGrainTimer(async () =>
        {
            _received++;
            await Next().EchoOneWayAsync();
            if (--_ticksLeft == 0) _timer?.Dispose();
        }, period, period);
        return Task.CompletedTask;
    }

    public Task StartReminderAsync(TimeSpan period) => this.RegisterOrUpdateReminder("r", period, period);

    public async Task StopReminderAsync()
    {
        if (await this.GetReminder("r") is { } reminder) await this.UnregisterReminder(reminder);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Count++;
        await state.WriteStateAsync();
        await Next().EchoOneWayAsync();
    }

    private IChainGrain Next() => GrainFactory.GetGrain<IChainGrain>(this.GetPrimaryKeyString() + "+");
}
