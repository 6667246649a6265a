using System.Collections.Concurrent;
using System.Reflection;

namespace CallCenter.Runtime.Diagnostics;

/// <summary>Counts a grain call from its send: a two-way call until its response, a one-way call until the callee starts
/// it (<see cref="QuiescenceTracker"/>).</summary>
public sealed class QuiescenceOutgoingCallFilter(QuiescenceTracker tracker) : IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, bool> OneWayMethods = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.TargetId.Type.IsSystemTarget())
        {
            await context.Invoke();
            return;
        }
        if (IsOneWay(context.InterfaceMethod))
        {
            var token = tracker.BeginOneWay($"{context.TargetId}.{context.MethodName}, sent one-way and not yet started");
            // The request context is copied into the message when it is sent, so the token goes with this call only.
            RequestContext.Set(QuiescenceTracker.OneWayTokenKey, token);
            try
            {
                await context.Invoke();
            }
            catch
            {
                tracker.OneWayArrived(token);
                throw;
            }
            finally
            {
                RequestContext.Remove(QuiescenceTracker.OneWayTokenKey);
            }
            return;
        }
        var id = tracker.Begin($"{context.TargetId}.{context.MethodName}, awaited by {(context.SourceId is { } source ? source.ToString() : "a client")}");
        try
        {
            await context.Invoke();
        }
        finally
        {
            tracker.End(id);
        }
    }

    internal static bool IsOneWay(MethodInfo? method)
        => method is not null && OneWayMethods.GetOrAdd(method, static m => m.IsDefined(typeof(Orleans.Concurrency.OneWayAttribute), inherit: true));
}
