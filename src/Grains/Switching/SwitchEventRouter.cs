using CallCenter.Calls;
using CallCenter.Extensions;
using CallCenter.Runtime.Diagnostics;
using CallCenter.Routing;
using CallCenter.Telephony;
using CallCenter.Tenancy;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Switching;

/// <summary>
/// Turns the switch's one event stream into grain calls: each leg event goes to the grain named on the leg as its owner
/// (<see cref="LegOwner"/>), inbound legs are adopted by whoever claimed the dialled number, and registrations reach the
/// extension grain of the tenant that owns the SIP domain.
/// </summary>
/// <remarks>
/// Orleans does not promise that calls (one-way ones least of all) reach a grain in the order they were sent, so each
/// owner has a queue here: its events are delivered in order, each call awaited before the next is sent (the events that
/// queued meanwhile go together in one call), while
/// different owners are served in parallel. The switch calls this handler for one event at a time, in order; it only
/// decides the owner and queues, so a slow grain holds up its own calls only.
/// </remarks>
public sealed class SwitchEventRouter(ISwitch telephony, IGrainFactory grains, LegOwnerKinds owners, ILogger<SwitchEventRouter> log,
    IEnumerable<IExtensionDialRoute> extensionRoutes, IBackgroundWork work) : IHostedService
{
    private readonly Dictionary<LegOwner, OwnerQueue> _queues = [];
    private readonly Lock _queuesGate = new();

    // Owners of inbound legs adopted here, for the events the switch emitted before it applied our owner variables.
    // Only the (sequential) event handler touches it.
    private readonly Dictionary<string, LegOwner> _adopted = new(StringComparer.Ordinal);
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = telephony.Subscribe(RouteAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    internal async ValueTask RouteAsync(SwitchEvent e)
    {
        try
        {
            switch (e)
            {
                case ExtensionRegistered r:
                    await RouteRegistrationAsync(r.Extension, r.Domain, true, r.Contact, e.Timestamp);
                    break;
                case ExtensionUnregistered u:
                    await RouteRegistrationAsync(u.Extension, u.Domain, false, null, e.Timestamp);
                    break;
                case GatewayStateChanged g:
                    log.LogInformation("Gateway {Gateway} is {State}", g.Gateway, g.Up ? "up" : "down");
                    break;
                case SwitchConnectionChanged c:
                    log.LogWarning("Media server connection {State}: {Reason}", c.Connected ? "up" : "down", c.Reason);
                    break;
                default:
                    await RouteLegEventAsync(e);
                    break;
            }
        }
        catch (Exception ex)
        {
            // One bad event must not stop the stream for every other call.
            log.LogError(ex, "Could not route {EventType} of leg {LegId}", e.GetType().Name, e.LegId);
        }
    }

    private async Task RouteLegEventAsync(SwitchEvent e)
    {
        var owner = LegOwner.From(e) ?? _adopted.GetValueOrDefault(e.LegId);
        if (owner is null && e is LegCreated { Direction: LegDirection.Inbound } created)
        {
            (owner, e) = await AdoptAsync(created);
            if (owner is null) return;
        }
        if (e is LegHungUp) _adopted.Remove(e.LegId);
        if (owner is null)
        {
            log.LogDebug("{EventType} for leg {LegId} that no grain owns", e.GetType().Name, e.LegId);
            return;
        }
        if (!owners.IsKnown(owner.Kind))
        {
            log.LogWarning("{EventType} for leg {LegId} names unknown owner kind {Kind}", e.GetType().Name, e.LegId, owner.Kind);
            return;
        }
        Enqueue(owner, e);
    }

    /// <summary>Queues the event for its owner and, if the owner's queue was idle, starts delivering it.</summary>
    private void Enqueue(LegOwner owner, SwitchEvent e)
    {
        OwnerQueue queue;
        lock (_queuesGate)
        {
            if (_queues.TryGetValue(owner, out var running))
            {
                running.Pending.Enqueue(e);
                return;
            }
            queue = new OwnerQueue(owners.Resolve<ISwitchEventSink>(owner), work.Begin($"switch events for {owner.Kind} {owner.Key}"));
            queue.Pending.Enqueue(e);
            _queues.Add(owner, queue);
        }
        _ = DeliverAsync(owner, queue);
    }

    /// <summary>Delivers an owner's events in order until its queue is empty, then forgets the queue.</summary>
    private async Task DeliverAsync(LegOwner owner, OwnerQueue queue)
    {
        while (true)
        {
            SwitchEvent[] next;
            lock (_queuesGate)
            {
                if (queue.Pending.Count == 0)
                {
                    _queues.Remove(owner);
                    queue.Work.Dispose();
                    return;
                }
                next = [.. queue.Pending];
                queue.Pending.Clear();
            }
            try
            {
                if (next.Length == 1) await queue.Sink.OnSwitchEventAsync(next[0]);
                else await queue.Sink.OnSwitchEventsAsync(next);
            }
            catch (Exception ex)
            {
                // The owner failed on an event; it still got the ones after it.
                log.LogError(ex, "{Owner} failed on one of {Count} switch events starting with {EventType} of leg {LegId}", owner.Key, next.Length, next[0].GetType().Name, next[0].LegId);
            }
        }
    }

    private sealed class OwnerQueue(ISwitchEventSink sink, IDisposable work)
    {
        public ISwitchEventSink Sink { get; } = sink;

        public IDisposable Work { get; } = work;

        public Queue<SwitchEvent> Pending { get; } = new();
    }

    private async Task<(LegOwner? Owner, SwitchEvent Event)> AdoptAsync(LegCreated created)
    {
        var route = await RouteFromExtensionAsync(created)
            ?? await grains.GetGrain<IInboundNumberGrain>(IInboundNumberGrain.KeyFor(created.DestinationNumber)).GetRouteAsync();
        if (route is null)
        {
            log.LogInformation("Inbound call from {Caller} to unassigned number {Number} refused", created.CallerIdNumber, created.DestinationNumber);
            await telephony.HangupAsync(created.LegId, HangupCauses.UnallocatedNumber);
            return (null, created);
        }
        // An inbound leg starts a new call; the leg id doubles as the call id until an owner says otherwise.
        var variables = route.Owner.ToVariables(route.TenantId, created.CallId ?? created.LegId);
        await telephony.SetVariablesAsync(created.LegId, variables);
        _adopted[created.LegId] = route.Owner;
        var merged = new Dictionary<string, string>(created.Variables);
        foreach (var (k, v) in variables) merged[k] = v;
        return (route.Owner, created with { Variables = merged, CallId = variables[ChannelVariables.Call] });
    }

    /// <summary>A call placed by one of a tenant's own extensions (no gateway; the caller's SIP domain names the tenant) to
    /// a destination an <see cref="IExtensionDialRoute"/> claims (e.g. <c>fifo</c>+projectCode); null otherwise.</summary>
    private async Task<InboundRoute?> RouteFromExtensionAsync(LegCreated created)
    {
        if (created.Gateway is not null || created.Domain is not { Length: > 0 } domain) return null;
        IExtensionDialRoute[] routes = extensionRoutes as IExtensionDialRoute[] ?? extensionRoutes.ToArray();
        if (routes.Length == 0) return null;
        var tenant = await grains.GetGrain<ISipDomainGrain>(ISipDomainGrain.KeyFor(domain)).GetTenantAsync();
        if (tenant is null) return null;
        foreach (var r in routes)
        {
            if (r.Route(tenant, created.CallerIdNumber, created.DestinationNumber) is { } owner) return new InboundRoute(tenant, owner);
        }
        return null;
    }

    private async Task RouteRegistrationAsync(string extension, string domain, bool registered, string? contact, DateTimeOffset at)
    {
        var tenant = await grains.GetGrain<ISipDomainGrain>(ISipDomainGrain.KeyFor(domain)).GetTenantAsync();
        if (tenant is null)
        {
            log.LogWarning("Registration of {Extension}@{Domain}: no tenant has that SIP domain", extension, domain);
            return;
        }
        await grains.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor(tenant, extension))
            .OnRegistrationAsync(new ExtensionRegistrationChanged(tenant, extension, registered, contact, at));
    }
}

/// <summary>
/// Routes calls an extension dials to something other than a public number (feature codes such as the off-hook
/// <c>fifo</c>+projectCode): tried, with the caller's tenant, before the public-number lookup. Register as a singleton.
/// </summary>
public interface IExtensionDialRoute
{
    /// <returns>The grain that adopts the leg, or null when the destination is not this route's.</returns>
    LegOwner? Route(string tenantId, string extension, string destination);
}
