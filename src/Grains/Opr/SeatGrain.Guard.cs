using CallCenter.Opr;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Invocation;

namespace CallCenter.Grains.Opr;

// What an unexpected failure (storage, a switch that cannot be reached) means for a seat: the turn may have changed the
// in-memory boards half-way, so the activation is dropped and the next call starts from what was persisted. A grain-level
// filter rather than a silo-wide one: it concerns this grain only (a silo-wide filter would type-test every call of every
// grain), and it must reach the activation's own in-memory state, which a filter registered in DI could only reach
// through a hook on the grain.
public sealed partial class SeatGrain : IIncomingGrainCallFilter
{
    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        // Grain extensions (and Orleans' own system calls) pass through here too: only the seat's own methods are guarded.
        var method = context.ImplementationMethod;
        if (method?.DeclaringType != typeof(SeatGrain))
        {
            await context.Invoke();
            return;
        }
        var request = method.ReturnType == typeof(Task<OprResult>);
        var notification = method.ReturnType == typeof(Task);
        try
        {
            await context.Invoke();
        }
        // ArgumentException is the caller's mistake (a registration sent to the wrong seat): it changed nothing and goes
        // back to the caller as it is.
        catch (Exception e) when (notification || (request && e is not ArgumentException))
        {
            AbandonActivation(e, context.MethodName);
            // Requests answer the original's generic reason; notifications (switch events, other seats' one-way messages)
            // have nobody to tell, and the switch-event router must go on with the leg's next event.
            context.Response = request ? Response.FromResult(OprResult.Failed(OprReasons.ServiceNotAvailable)) : Response.Completed;
        }
    }

    /// <summary>Drops what this turn changed in memory along with the activation; also for the seat's own timer callbacks,
    /// which no call filter sees.</summary>
    private void AbandonActivation(Exception e, string what)
    {
        log.LogError(e, "Seat {SeatId} of tenant {TenantId}: {What} failed; the seat restarts from its persisted state", SeatId, TenantId, what);
        _userStates.Clear();
        DeactivateOnIdle();
    }
}
