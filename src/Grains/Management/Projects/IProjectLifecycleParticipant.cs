
namespace CallCenter.Grains.Management.Projects;

/// <summary>
/// Something that must act when a project finishes, before its extensions go: the dialer ends the project's call tasks.
/// Registered in DI (<c>services.AddSingleton&lt;IProjectLifecycleParticipant, T&gt;()</c>); the project grain calls every
/// participant during finishProject. Must be idempotent: a finish interrupted by a crash is run again.
/// </summary>
public interface IProjectLifecycleParticipant
{
    Task OnProjectFinishingAsync(string tenantId, string projectCode, IReadOnlyList<string> callTaskCodes, IGrainFactory grains);
}
