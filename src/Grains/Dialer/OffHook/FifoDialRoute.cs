using CallCenter.Calls;
using CallCenter.Dialer;
using CallCenter.Grains.Switching;

namespace CallCenter.Grains.Dialer.OffHook;

/// <summary>
/// Routes an extension's call to <c>fifo</c>+projectCode to that extension's off-hook grain. Project codes are per
/// tenant and public numbers (<c>IInboundNumberGrain</c>) global, so "fifo…" is never claimed as a number: the caller's
/// SIP domain gives the tenant and the calling extension the agent; the off-hook grain checks the project.
/// </summary>
internal sealed class FifoDialRoute : IExtensionDialRoute
{
    public LegOwner? Route(string tenantId, string extension, string destination)
        => IOffHookAgentGrain.ProjectCodeOf(destination) is null || string.IsNullOrEmpty(extension)
            ? null
            : new LegOwner(IOffHookAgentGrain.OwnerKind, DialerKeys.OffHook(tenantId, extension));
}
