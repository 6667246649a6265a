using CallCenter.Telephony;

namespace CallCenter.Calls;

/// <summary>
/// A grain that owns legs. The event router delivers each leg event to the owner named on the leg, in the order the switch
/// emitted them: it awaits each delivery to an owner before sending that owner the next (Orleans keeps no order between
/// calls in flight), so the method should do its work and return, never wait on other owners.
/// </summary>
[Alias("calls.ISwitchEventSink")]
public interface ISwitchEventSink : IGrainWithStringKey
{
    Task OnSwitchEventAsync(SwitchEvent switchEvent);
}
