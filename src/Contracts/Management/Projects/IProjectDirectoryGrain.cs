
namespace CallCenter.Management.Projects;

/// <summary>
/// A tenant's projects: numbers them, and finds a project by its certificate (getByCertificate names no project).
/// Key: <see cref="KeyFor"/>.
/// </summary>
[Alias("management.projects.IProjectDirectoryGrain")]
public interface IProjectDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Records a new project and its certificate; idempotent for the same code and certificate.</summary>
    /// <returns>The project's per-tenant id.</returns>
    Task<long> RegisterAsync(string projectCode, string certificate);

    /// <returns>The project code, or null for an unknown certificate.</returns>
    Task<string?> FindByCertificateAsync(string certificate);

    Task<IReadOnlyList<string>> ListAsync();

    public static string KeyFor(string tenantId) => ManagementKeys.ProjectDirectory(tenantId);
}
