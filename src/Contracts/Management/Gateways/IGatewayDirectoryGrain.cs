
namespace CallCenter.Management.Gateways;

/// <summary>
/// A tenant's gateways: numbers them (the spec's integer <c>id</c>), keeps codes unique, and lists them for getList and
/// getAvailableList. Key: <see cref="KeyFor"/>.
/// </summary>
[Alias("management.gateways.IGatewayDirectoryGrain")]
public interface IGatewayDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds a gateway; without <paramref name="gwCode"/> one is generated from the id.</summary>
    Task<ManagementResult<GatewayInfo>> AddAsync(GatewaySettings settings, string? gwCode);

    /// <summary>Changes the gateway with <paramref name="id"/>; <paramref name="gwCode"/> must be its code (codes are
    /// what tasks refer to, so they never change).</summary>
    Task<ManagementResult<GatewayInfo>> UpdateAsync(long id, string gwCode, GatewaySettings settings);

    /// <summary>Gateways by id, optionally only those with <paramref name="status"/> or the one with <paramref name="id"/>.</summary>
    Task<IReadOnlyList<GatewayInfo>> ListAsync(int? status = null, long? id = null);

    /// <summary>Enabled gateways with their live usage.</summary>
    Task<IReadOnlyList<GatewayAvailability>> ListAvailableAsync();

    /// <summary>Codes of the enabled gateways in id order: where an agent call without a task tries to get a channel.</summary>
    Task<IReadOnlyList<string>> EnabledCodesAsync();

    public static string KeyFor(string tenantId) => ManagementKeys.GatewayDirectory(tenantId);
}

[GenerateSerializer, Immutable, Alias("management.gateways.GatewayAvailability")]
public sealed record GatewayAvailability(GatewayInfo Gateway, GatewayUsage Usage);
