using System.Text.Json.Serialization;

namespace CallCenter.Runtime.Tests.Grains;

public sealed record CallerInfo(string Number, List<string> Tags);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(DialCommand), "dial")]
[JsonDerivedType(typeof(HangupCommand), "hangup")]
public abstract record SwitchCommand(string CallId);

public sealed record DialCommand(string CallId, string Number) : SwitchCommand(CallId);

public sealed record HangupCommand(string CallId, int Cause) : SwitchCommand(CallId);

/// <summary>Cannot cross the wire: System.Text.Json refuses delegates.</summary>
public sealed record CallbackRequest(string Name, Action Callback);

public interface IEchoGrain : IGrainWithStringKey
{
    Task<CallerInfo> Echo(CallerInfo info);

    Task<SwitchCommand> EchoCommand(SwitchCommand command);

    Task<IReadOnlyList<SwitchCommand>> EchoCommands(IReadOnlyList<SwitchCommand> commands);

    Task Accept(CallbackRequest request);

    Task<CallbackRequest> Produce();

    /// <summary>Calls the counter it is given: grain references travel as arguments.</summary>
    Task<int> IncrementThrough(ICounterGrain counter);

    /// <summary>Keeps the argument and reports what it holds later.</summary>
    Task Keep(CallerInfo info);

    Task<CallerInfo?> GetKept();
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    private CallerInfo? _kept;

    public Task<CallerInfo> Echo(CallerInfo info) => Task.FromResult(info);

    public Task<SwitchCommand> EchoCommand(SwitchCommand command) => Task.FromResult(command);

    public Task<IReadOnlyList<SwitchCommand>> EchoCommands(IReadOnlyList<SwitchCommand> commands) => Task.FromResult(commands);

    public Task Accept(CallbackRequest request) => Task.CompletedTask;

    public Task<CallbackRequest> Produce() => Task.FromResult(new CallbackRequest("local", () => { }));

    public Task<int> IncrementThrough(ICounterGrain counter) => counter.Increment();

    public Task Keep(CallerInfo info)
    {
        _kept = info;
        return Task.CompletedTask;
    }

    public Task<CallerInfo?> GetKept() => Task.FromResult(_kept);
}
