using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CallCenter.Tenancy;
using Microsoft.Extensions.Options;

namespace CallCenter.Runtime.Outbound;

/// <summary>
/// The HTTP clients of requests made on a tenant's behalf. The policy is enforced where the socket is opened
/// (<see cref="SocketsHttpHandler.ConnectCallback"/>): the host is resolved there, each address checked, and the
/// connection made to a checked address — so a name that resolves to a public address when registered and to
/// 127.0.0.1 when used (DNS rebinding) gets nowhere. Redirects are followed by the handler (at most
/// <see cref="OutboundRequestOptions.MaxRedirects"/>); a hop to another host opens a new connection through the same
/// callback, so it is checked the same way. Connections are pooled per policy, never shared between policies: a
/// connection one tenant's allow-list permitted is never reused for a tenant whose list does not. No proxy is used (a
/// proxy would connect on our behalf, past the check).
/// </summary>
public sealed class OutboundHttp(IGrainFactory grains, IOptions<OutboundRequestOptions> options) : IDisposable
{
    // Policies differ only for tenants the operator gave an allow-list: few. Past this many, clients are not pooled.
    private const int MaxPooledPolicies = 256;
    private readonly ConcurrentDictionary<string, SocketsHttpHandler> _handlers = new(StringComparer.Ordinal);

    /// <summary>The tenant's policy: the operator's allow-list for it (<see cref="TenantSettings.OutboundAllowList"/>)
    /// and the configured one.</summary>
    public async Task<OutboundPolicy> PolicyForAsync(string tenantId)
    {
        var profile = await grains.GetGrain<ITenantGrain>(tenantId).GetProfileAsync();
        var entries = options.Value.AllowList.Concat(profile?.Settings.OutboundAllowList ?? []);
        return OutboundPolicy.Create(entries, options.Value.AllowLoopback);
    }

    /// <summary>A client whose connections obey <paramref name="policy"/>. Dispose it after the request; the connections stay pooled.</summary>
    public HttpClient ClientFor(OutboundPolicy policy)
    {
        if (_handlers.TryGetValue(policy.Key, out var pooled)) return new HttpClient(pooled, disposeHandler: false);
        if (_handlers.Count >= MaxPooledPolicies) return new HttpClient(CreateHandler(policy), disposeHandler: true);
        return new HttpClient(_handlers.GetOrAdd(policy.Key, _ => CreateHandler(policy)), disposeHandler: false);
    }

    /// <summary>
    /// The check at registration, for a clear error while the caller is there: <c>null</c> when <paramref name="url"/> may
    /// be used, else why not. A host that does not resolve now is accepted (it may later); every request is checked
    /// again when it connects.
    /// </summary>
    public async Task<string?> CheckUrlAsync(OutboundPolicy policy, string url, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return "not an absolute http(s) URL";
        var host = uri.IdnHost.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal)) addresses = [literal];
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) addresses = [IPAddress.Loopback];
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
        AddressCategory? refused = null;
        foreach (var address in addresses)
        {
            if (policy.Permits(host, address, out var category)) return null;
            refused ??= category;
        }
        return refused is { } c ? $"{host} is a {OutboundRequestRefusedException.Describe(c)} address, which requests on a tenant's behalf may not reach unless the operator allow-lists it" : null;
    }

    /// <summary>The policy's refusal behind a failed request (the handler wraps it), if that is why it failed.</summary>
    public static OutboundRequestRefusedException? RefusalOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OutboundRequestRefusedException refused) return refused;
        }
        return null;
    }

    public void Dispose()
    {
        foreach (var handler in _handlers.Values) handler.Dispose();
        _handlers.Clear();
    }

    private SocketsHttpHandler CreateHandler(OutboundPolicy policy) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = options.Value.MaxRedirects > 0,
        MaxAutomaticRedirections = Math.Max(1, options.Value.MaxRedirects),
        ConnectTimeout = options.Value.ConnectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context.DnsEndPoint, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(OutboundPolicy policy, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.Trim('[', ']');
        var resolved = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var permitted = new List<IPAddress>();
        AddressCategory? refused = null;
        foreach (var address in resolved)
        {
            if (policy.Permits(host, address, out var category)) permitted.Add(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
            else refused ??= category;
        }
        if (permitted.Count == 0) throw new OutboundRequestRefusedException(host, refused ?? AddressCategory.Unspecified);

        SocketException? last = null;
        foreach (var address in permitted)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }
}
