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

    /// <summary>
    /// Several events, in switch order: what queued for this owner while the previous delivery ran, so that a burst of
    /// events costs one grain call. Each is handled as by <see cref="OnSwitchEventAsync"/>; one that fails does not stop
    /// the ones after it (as with separate calls), and the first failure is thrown once all were tried.
    /// </summary>
    async Task OnSwitchEventsAsync(IReadOnlyList<SwitchEvent> switchEvents)
    {
        Exception? first = null;
        foreach (var e in switchEvents)
        {
            try
            {
                await OnSwitchEventAsync(e);
            }
            catch (Exception failure)
            {
                first ??= failure;
            }
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }
}
