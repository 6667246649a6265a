
namespace CallCenter.Management.Projects;

/// <summary>
/// A tenant's range of extension numbers that projects draw from (configuration <c>Management:ExtensionRange</c>), so two
/// projects never share a number and a finished project's numbers are reused. Numbers some other part of the system
/// already provisioned in the tenant's SIP domain are skipped. Key: <see cref="KeyFor"/>.
/// </summary>
[Alias("management.projects.IExtensionPoolGrain")]
public interface IExtensionPoolGrain : IGrainWithStringKey
{
    /// <returns>The numbers, or fewer when the range runs out (the caller decides whether that is acceptable).</returns>
    Task<IReadOnlyList<string>> AllocateAsync(string holder, int count);

    /// <summary>Hands numbers back; only those <paramref name="holder"/> holds are released.</summary>
    Task ReleaseAsync(string holder, IReadOnlyList<string> numbers);

    /// <summary>Moves a number from one holder to another (distributionSeat).</summary>
    Task<bool> TransferAsync(string number, string fromHolder, string toHolder);

    /// <returns>Who holds the number, or null.</returns>
    Task<string?> GetHolderAsync(string number);

    public static string KeyFor(string tenantId) => ManagementKeys.ExtensionPool(tenantId);
}
