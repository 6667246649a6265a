using System.Text.RegularExpressions;

namespace CallCenter.Tenancy;

/// <summary>
/// Tenant ids and the grain keys built from them. Every tenant-owned grain key is "{tenantId}/{rest}", so a key can never
/// name another tenant's grain by accident; global index grains start with "_", which no tenant id can.
/// </summary>
public static partial class TenantIds
{
    public const int MaxLength = 64;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidPattern();

    public static bool IsValid(string? tenantId) => tenantId is not null && ValidPattern().IsMatch(tenantId);

    /// <summary>The key of a tenant-owned grain.</summary>
    public static string Key(string tenantId, string localKey)
    {
        if (!IsValid(tenantId)) throw new ArgumentException($"'{tenantId}' is not a valid tenant id (lower-case letters, digits and '-', at most {MaxLength})", nameof(tenantId));
        return $"{tenantId}/{localKey}";
    }

    /// <summary>Splits a tenant-owned grain key back into its tenant id and local part.</summary>
    public static (string TenantId, string LocalKey) Split(string grainKey)
    {
        var slash = grainKey.IndexOf('/');
        if (slash <= 0 || !IsValid(grainKey[..slash])) throw new ArgumentException($"'{grainKey}' is not a tenant-owned grain key", nameof(grainKey));
        return (grainKey[..slash], grainKey[(slash + 1)..]);
    }
}
