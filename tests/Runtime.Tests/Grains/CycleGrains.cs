using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests.Grains;

public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Calls the pong grain, which calls back <see cref="Echo"/>: a cycle.</summary>
    Task<string> Ping(string pongKey);

    Task<string> Echo(string text);

    /// <summary>Waits on a probe gate: a turn that does not finish until the test says so.</summary>
    Task Hang(string gate);
}

public interface IPongGrain : IGrainWithStringKey
{
    Task<string> Pong(string pingKey);
}

public sealed class PingGrain(Probe probe) : Grain, IPingGrain
{
    public Task<string> Ping(string pongKey) => GrainFactory.GetGrain<IPongGrain>(pongKey).Pong(GrainKey);

    public Task<string> Echo(string text) => Task.FromResult(text);

    public Task Hang(string gate) => probe.Gate(gate);
}

public sealed class PongGrain : Grain, IPongGrain
{
    public async Task<string> Pong(string pingKey) => "pong " + await GrainFactory.GetGrain<IPingGrain>(pingKey).Echo("echo");
}
