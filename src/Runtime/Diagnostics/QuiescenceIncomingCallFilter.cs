namespace CallCenter.Runtime.Diagnostics;

/// <summary>Counts a grain call (or timer tick, or observer notification) while it runs, and ends the unit its one-way
/// caller began (<see cref="QuiescenceTracker"/>).</summary>
public sealed class QuiescenceIncomingCallFilter(QuiescenceTracker tracker) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.TargetId.Type.IsSystemTarget())
        {
            await context.Invoke();
            return;
        }
        var id = tracker.Begin($"{context.TargetId}.{context.MethodName}, running");
        if (RequestContext.Get(QuiescenceTracker.OneWayTokenKey) is long token)
        {
            // Not passed on to the calls this one makes: they carry tokens of their own.
            RequestContext.Remove(QuiescenceTracker.OneWayTokenKey);
            tracker.OneWayArrived(token);
        }
        try
        {
            await context.Invoke();
        }
        finally
        {
            tracker.End(id);
        }
    }
}
