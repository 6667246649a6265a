using System.Collections.Concurrent;
using System.Threading.Channels;
using CallCenter.Management.Events;
using CallCenter.Runtime.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Grpc;

/// <summary>
/// This edge's one observer of the event logs of the tenants it has gRPC subscribers of: subscribes to a tenant's log
/// with the tenant's first subscriber, renews while any remain, and copies each notification into every local
/// subscriber's buffer. A full buffer drops the copy: the subscriber sees the gap and reads it back from the log, so a
/// slow reader costs this edge no memory and loses nothing.
/// </summary>
internal sealed class GrpcEventFanout(IClusterClient cluster, IOptions<GrpcOptions> options, IBackgroundWork work, ILogger<GrpcEventFanout> log)
    : IEventLogObserver, IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);
    private IEventLogObserver? _self;
    private ITimer? _renewal;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _self = cluster.CreateObjectReference<IEventLogObserver>(this);
        var every = options.Value.RenewInterval;
        _renewal = TimeProvider.System.CreateTimer(_ => _ = RenewAllAsync(), null, every, every);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_renewal is not null) await _renewal.DisposeAsync();
        if (_self is not null) cluster.DeleteObjectReference<IEventLogObserver>(_self);
        _self = null;
    }

    /// <summary>A new local subscriber of the tenant; the log knows of this edge when this returns.</summary>
    public async Task<EventSubscription> SubscribeAsync(string tenantId, CancellationToken cancellationToken)
    {
        var tenant = _tenants.GetOrAdd(tenantId, _ => new Tenant());
        var channel = Channel.CreateBounded<LoggedEvent>(new BoundedChannelOptions(Math.Max(16, options.Value.SubscriberBuffer))
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        lock (tenant)
        {
            if (tenant.Writers.Length >= options.Value.MaxSubscribersPerTenant) return EventSubscription.Refused;
            tenant.Writers = [.. tenant.Writers, channel.Writer];
        }
        var subscription = new EventSubscription(channel.Reader, () => Remove(tenant, channel.Writer));
        try
        {
            // Every new subscriber renews: cheap, and the log may have been reactivated since the last renewal.
            await Log(tenantId).SubscribeAsync(_self ?? throw new InvalidOperationException("the edge is not started")).WaitAsync(cancellationToken);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
        return subscription;
    }

    public Task OnLoggedAsync(string tenantId, IReadOnlyList<LoggedEvent> events)
    {
        if (!_tenants.TryGetValue(tenantId, out var tenant)) return Task.CompletedTask;
        foreach (var writer in tenant.Writers)
        {
            foreach (var e in events) writer.TryWrite(e);
        }
        return Task.CompletedTask;
    }

    public ITenantEventLogGrain Log(string tenantId) => cluster.GetGrain<ITenantEventLogGrain>(ITenantEventLogGrain.KeyFor(tenantId));

    /// <summary>The log's subscription is left to expire (or to the next subscriber): no grain call on the way out.</summary>
    private static void Remove(Tenant tenant, ChannelWriter<LoggedEvent> writer)
    {
        lock (tenant) tenant.Writers = [.. tenant.Writers.Where(w => w != writer)];
        writer.TryComplete();
    }

    private async Task RenewAllAsync()
    {
        if (_self is null) return;
        using var _ = work.Begin("renewing the gRPC event-log subscriptions");
        foreach (var (tenantId, tenant) in _tenants)
        {
            if (tenant.Writers.Length == 0) continue;
            try
            {
                await Log(tenantId).SubscribeAsync(_self);
            }
            catch (Exception e)
            {
                // Subscribers poll the log while they hear nothing, so a failed renewal delays, never loses.
                log.LogWarning(e, "Renewing the event-log subscription of tenant {TenantId} failed; retrying at the next renewal", tenantId);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_renewal is not null) await _renewal.DisposeAsync();
    }

    private sealed class Tenant
    {
        /// <summary>Replaced whole under the lock, read without it.</summary>
        public volatile ChannelWriter<LoggedEvent>[] Writers = [];
    }
}

/// <summary>One Subscribe call's share of <see cref="GrpcEventFanout"/>; disposing it ends the share.</summary>
internal sealed class EventSubscription(ChannelReader<LoggedEvent>? reader, Action? remove) : IDisposable
{
    public static EventSubscription Refused { get; } = new(null, null);

    public bool Accepted => reader is not null;

    public ChannelReader<LoggedEvent> Reader => reader ?? throw new InvalidOperationException("the subscription was refused");

    public void Dispose() => remove?.Invoke();
}
