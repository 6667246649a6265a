using CallCenter.Management.Projects;

namespace CallCenter.Grains.Management.Projects;

public sealed class ProjectDirectoryState
{
    public long LastId { get; set; }
    public Dictionary<string, long> Projects { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Certificates { get; set; } = new(StringComparer.Ordinal);
}

[GrainType("mgmt-project-directory")]
public sealed class ProjectDirectoryGrain([PersistentState("projects")] IPersistentState<ProjectDirectoryState> state) : Grain, IProjectDirectoryGrain
{
    public async Task<long> RegisterAsync(string projectCode, string certificate)
    {
        if (state.State.Projects.TryGetValue(projectCode, out var id))
        {
            if (state.State.Certificates.GetValueOrDefault(certificate) == projectCode) return id;
        }
        else
        {
            id = ++state.State.LastId;
            state.State.Projects[projectCode] = id;
        }
        state.State.Certificates[certificate] = projectCode;
        await state.WriteStateAsync();
        return id;
    }

    public Task<string?> FindByCertificateAsync(string certificate)
        // Certificates are random 128-bit values compared as dictionary keys: guessing one is no easier for the timing.
        => Task.FromResult(state.State.Certificates.GetValueOrDefault(certificate.ToUpperInvariant()));

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Projects.Keys.Order(StringComparer.Ordinal).ToList());
}
