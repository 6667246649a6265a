using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace CallCenter.Runtime.Diagnostics;

/// <summary>
/// Test-time detector of call cycles. Orleans does not detect them: a non-reentrant grain A that awaits B while B awaits
/// A deadlocks until the response timeout. The incoming side records, in the request context, the chain of grains that
/// are waiting on the current call; the outgoing side fails at once a call whose target is already in that chain, with
/// a <see cref="CallCycleException"/> naming the chain ("A.Ping → B.Pong → A.Echo"). One-way calls and reentrant
/// targets cannot deadlock and do not extend the chain.
/// </summary>
public sealed class CallCycleDetector(ILogger<CallCycleDetector> log) : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    internal const string ChainKey = "cc.call-chain";
    private static readonly ConcurrentDictionary<Type, bool> ReentrantClasses = new();
    private static readonly ConcurrentDictionary<MethodInfo, bool> InterleavingMethods = new();

    Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        if (context.TargetId.Type.IsSystemTarget()) return context.Invoke();
        var chain = RequestContext.Get(ChainKey) as string[];
        if (IsReentrant(context.Grain?.GetType()) || Interleaves(context.InterfaceMethod))
        {
            // Calls back into this grain do not wait for this call to end, so they cannot close a cycle through it.
            if (chain is not null) RequestContext.Remove(ChainKey);
            return context.Invoke();
        }
        RequestContext.Set(ChainKey, Append(chain, Link(context.TargetId, context.MethodName)));
        return context.Invoke();
    }

    async Task IOutgoingGrainCallFilter.Invoke(IOutgoingGrainCallContext context)
    {
        if (context.TargetId.Type.IsSystemTarget())
        {
            await context.Invoke();
            return;
        }
        var chain = RequestContext.Get(ChainKey) as string[];
        if (QuiescenceOutgoingCallFilter.IsOneWay(context.InterfaceMethod))
        {
            // The caller does not wait, so the callee starts a chain of its own.
            if (chain is null)
            {
                await context.Invoke();
                return;
            }
            RequestContext.Remove(ChainKey);
            try
            {
                await context.Invoke();
            }
            finally
            {
                RequestContext.Set(ChainKey, chain);
            }
            return;
        }
        if (chain is not null)
        {
            var target = context.TargetId.ToString() + ".";
            if (Array.Exists(chain, link => link.StartsWith(target, StringComparison.Ordinal)))
            {
                var exception = new CallCycleException(Append(chain, Link(context.TargetId, context.MethodName)));
                log.LogError("{Message}", exception.Message);
                throw exception;
            }
        }
        await context.Invoke();
    }

    private static string Link(GrainId grain, string method) => $"{grain}.{method}";

    private static string[] Append(string[]? chain, string link) => chain is null ? [link] : [.. chain, link];

    private static bool IsReentrant(Type? grainClass)
        => grainClass is not null && ReentrantClasses.GetOrAdd(grainClass, static t => t.IsDefined(typeof(ReentrantAttribute), inherit: true));

    private static bool Interleaves(MethodInfo? method)
        => method is not null && InterleavingMethods.GetOrAdd(method, static m => m.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: true));
}

/// <summary>A grain call that would close a cycle of waiting grains (and so deadlock); thrown in tests by
/// <see cref="CallCycleDetector"/>.</summary>
[GenerateSerializer, Alias("runtime.CallCycleException")]
public sealed class CallCycleException : Exception
{
    public CallCycleException(IReadOnlyList<string> chain)
        : base("This is a call cycle between non-reentrant grains, which deadlocks in Orleans. Call chain: " + string.Join(" → ", chain))
    {
        Chain = chain;
    }

    [Id(0)]
    public IReadOnlyList<string> Chain { get; }
}
