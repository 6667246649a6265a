
namespace CallCenter.Tenancy;

/// <summary>
/// Maps an API key to its tenant (a global grain keyed by <see cref="KeyFor"/>: the SHA-256 of the key, so that neither
/// grain keys nor storage ever hold the key itself). API keys are random and long, so an unsalted hash is enough.
/// </summary>
[Alias("tenancy.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <returns>The tenant the key belongs to, or null if the key is unknown or revoked.</returns>
    Task<string?> GetTenantAsync();

    Task AssignAsync(string tenantId);

    Task RevokeAsync();

    public static string KeyFor(string apiKey)
        => "_apikey/" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(apiKey)));
}
