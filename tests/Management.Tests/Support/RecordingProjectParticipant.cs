using System.Collections.Concurrent;
using CallCenter.Grains.Management.Projects;

namespace CallCenter.Management.Tests.Support;

/// <summary>Stands in for the dialer: remembers which projects' tasks finishProject asked it to end.</summary>
public sealed class RecordingProjectParticipant : IProjectLifecycleParticipant
{
    public ConcurrentQueue<(string TenantId, string ProjectCode, IReadOnlyList<string> Tasks)> Finishing { get; } = new();

    public Task OnProjectFinishingAsync(string tenantId, string projectCode, IReadOnlyList<string> callTaskCodes, IGrainFactory grains)
    {
        Finishing.Enqueue((tenantId, projectCode, callTaskCodes));
        return Task.CompletedTask;
    }
}
