using CallCenter.Telephony;

namespace CallCenter.Calls;

/// <summary>
/// A grain that owns legs. The event router delivers each leg event to the owner named on the leg, one-way and in the
/// order the switch emitted them (the router is the single caller, and one-way calls from one caller stay FIFO).
/// </summary>
[Alias("calls.ISwitchEventSink")]
public interface ISwitchEventSink : IGrainWithStringKey
{
    [OneWay]
    Task OnSwitchEventAsync(SwitchEvent switchEvent);
}
