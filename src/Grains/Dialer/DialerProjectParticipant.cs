using CallCenter.Dialer;
using CallCenter.Grains.Management.Projects;

namespace CallCenter.Grains.Dialer;

/// <summary>finishProject ends the project's tasks (idempotent: ending an ended task does nothing).</summary>
internal sealed class DialerProjectParticipant : IProjectLifecycleParticipant
{
    public async Task OnProjectFinishingAsync(string tenantId, string projectCode, IReadOnlyList<string> callTaskCodes, IGrainFactory grains)
    {
        foreach (var code in callTaskCodes) await grains.GetGrain<IDialTaskGrain>(DialerKeys.Task(tenantId, code)).EndAsync();
    }
}
