using CallCenter.Tenancy;

namespace CallCenter.Extensions;

/// <summary>
/// Grain keys of extensions (SIP endpoints), built and parsed here only (<see cref="IExtensionGrain.KeyFor"/> forwards
/// here). The key starts with the tenant id, so a request resolved to one tenant can only name that tenant's extensions;
/// the string never changes (stored state is keyed by it).
/// </summary>
public static class ExtensionKeys
{
    private const string Prefix = "ext/";

    public static string Extension(string tenantId, string extension) => TenantIds.Key(tenantId, Prefix + extension);

    /// <summary>The tenant and extension number an extension key names.</summary>
    public static (string TenantId, string Extension) Parse(string extensionKey)
    {
        var (tenantId, local) = TenantIds.Split(extensionKey);
        return local.StartsWith(Prefix, StringComparison.Ordinal)
            ? (tenantId, local[Prefix.Length..])
            : throw new ArgumentException($"'{extensionKey}' is not an extension key", nameof(extensionKey));
    }
}
