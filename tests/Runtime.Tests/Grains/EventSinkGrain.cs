using CallCenter.Calls;
using CallCenter.Telephony;

namespace CallCenter.Runtime.Tests.Grains;

[Alias("tests.IRecordingSinkGrain")]
public interface IRecordingSinkGrain : ISwitchEventSink
{
    Task<IReadOnlyList<string>> ReceivedAsync();
}

/// <summary>Records the switch events it is given; the first one takes long, so any later event overtaking it would show
/// (the later ones queue meanwhile and arrive together, in one batch). An event with variable fail=yes fails after it is
/// recorded.</summary>
[GrainType("test-event-sink")]
public sealed class RecordingSinkGrain : Grain, IRecordingSinkGrain
{
    private readonly List<string> _received = [];

    public async Task OnSwitchEventAsync(SwitchEvent switchEvent)
    {
        if (_received.Count == 0) await Task.Delay(200);
        _received.Add(switchEvent.GetType().Name);
        if (switchEvent.Variable("fail") == "yes") throw new InvalidOperationException("this event fails (test)");
    }

    public Task<IReadOnlyList<string>> ReceivedAsync() => Task.FromResult<IReadOnlyList<string>>([.. _received]);
}
