namespace CallCenter.Runtime.Persistence;

/// <summary>The runtime's view of a grain's persistent state: read it before the grain activates.</summary>
internal interface IPersistentStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken = default);
}
