
namespace CallCenter.Tenancy;

/// <summary>The list of all tenants (a global grain, key <see cref="Key"/>).</summary>
[Alias("tenancy.ITenantDirectoryGrain")]
public interface ITenantDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "_directory";

    Task<IReadOnlyList<string>> ListAsync();

    Task AddAsync(string tenantId);
}
