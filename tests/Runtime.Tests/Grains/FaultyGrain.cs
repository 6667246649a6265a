namespace CallCenter.Runtime.Tests.Grains;

public sealed class SeatBusyException(string message) : Exception(message);

/// <summary>No constructor takes a message, so the caller's side cannot rebuild it.</summary>
public sealed class OpaqueFailureException(int code) : Exception($"opaque failure {code}")
{
    public int Code { get; } = code;
}

public interface IFaultyGrain : IGrainWithStringKey
{
    Task<int> Throw(string kind);

    Task<int> Add(int amount);
}

public sealed class FaultyGrain : Grain, IFaultyGrain
{
    private int _total;

    public async Task<int> Throw(string kind)
    {
        await Task.Yield();
        _total += 1000; // a failing call's effects on memory stay; only its result is an exception
        throw kind switch
        {
            "invalid" => new InvalidOperationException("seat is not logged in"),
            "null" => new ArgumentNullException("agentId", "agent id is required"),
            "domain" => new SeatBusyException("seat 7 is busy"),
            "opaque" => new OpaqueFailureException(42),
            _ => new NotSupportedException(kind),
        };
    }

    public Task<int> Add(int amount)
    {
        _total += amount;
        return Task.FromResult(_total);
    }
}

public interface IBrokenGrain : IGrainWithStringKey
{
    Task<string> Hello();
}

/// <summary>Fails to activate for keys starting with "bad".</summary>
public sealed class BrokenGrain : Grain, IBrokenGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
        => GrainKey.StartsWith("bad", StringComparison.Ordinal) ? throw new InvalidOperationException($"cannot activate {GrainKey}") : Task.CompletedTask;

    public Task<string> Hello() => Task.FromResult("hello " + GrainKey);
}
