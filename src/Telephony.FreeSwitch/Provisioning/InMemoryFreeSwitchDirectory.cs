using System.Collections.Concurrent;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>Directory kept in this process; lost on restart, so the grains re-provision on activation.</summary>
public sealed class InMemoryFreeSwitchDirectory : IFreeSwitchDirectory
{
    private readonly ConcurrentDictionary<(string Extension, string Domain), ExtensionCredentials> _extensions = new();
    private readonly ConcurrentDictionary<string, GatewayDefinition> _gateways = new(StringComparer.OrdinalIgnoreCase);

    public Task UpsertExtensionAsync(ExtensionCredentials credentials, CancellationToken cancellationToken = default)
    {
        _extensions[Key(credentials.Extension, credentials.Domain)] = credentials;
        return Task.CompletedTask;
    }

    public Task<bool> RemoveExtensionAsync(string extension, string domain, CancellationToken cancellationToken = default) =>
        Task.FromResult(_extensions.TryRemove(Key(extension, domain), out _));

    public Task<ExtensionCredentials?> FindExtensionAsync(string extension, string domain, CancellationToken cancellationToken = default) =>
        Task.FromResult(_extensions.GetValueOrDefault(Key(extension, domain)));

    public Task<bool> UpsertGatewayAsync(GatewayDefinition gateway, CancellationToken cancellationToken = default)
    {
        var existed = _gateways.ContainsKey(gateway.Name);
        _gateways[gateway.Name] = gateway;
        return Task.FromResult(existed);
    }

    public Task<bool> RemoveGatewayAsync(string gateway, CancellationToken cancellationToken = default) =>
        Task.FromResult(_gateways.TryRemove(gateway, out _));

    public Task<GatewayDefinition?> FindGatewayAsync(string gateway, CancellationToken cancellationToken = default) =>
        Task.FromResult(_gateways.GetValueOrDefault(gateway));

    public Task<IReadOnlyList<GatewayDefinition>> ListGatewaysAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<GatewayDefinition>>([.. _gateways.Values.OrderBy(g => g.Name, StringComparer.Ordinal)]);

    // SIP user parts are case-sensitive, domains are not.
    private static (string, string) Key(string extension, string domain) => (extension, domain.ToLowerInvariant());
}
