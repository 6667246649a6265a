using CallCenter.Edge.Management.Push;
using CallCenter.Edge.Stomp;
using CallCenter.Management.Agents;
using CallCenter.Management.Projects;

namespace CallCenter.Edge.Management.Stomp;

/// <summary>/app/idle and /app/busy <c>{username, projectCode, workType: "10"|"20"|"30"}</c>: the agent sets themselves
/// available or not; answered "置闲成功"/"置忙成功" (or the reason) on their notify topic, the new state on /topic/status.</summary>
public sealed class AgentWorkHandler(IGrainFactory grains, IStompBroker broker, ILogger<AgentWorkHandler> log) : ManagementStompHandler(broker, log)
{
    public const string Idle = "/app/idle", Busy = "/app/busy";

    public override IReadOnlyCollection<string> Destinations { get; } = [Idle, Busy];

    protected override async ValueTask HandleAsync(StompCommand command, CancellationToken cancellationToken)
    {
        var project = command.Field("projectCode") is { } p && IProjectGrain.IsValidCode(p) ? p : null;
        if (await ActorAsync(command, "username", project, cancellationToken) is not { } username) return;
        AgentWorkType? workType = command.Field("workType") switch
        {
            null => null,
            "10" => AgentWorkType.Direct,
            "20" => AgentWorkType.LongConnection,
            "30" => AgentWorkType.Inbound,
            _ => (AgentWorkType)(-1),
        };
        if (workType is (AgentWorkType)(-1))
        {
            await command.FailAsync(username, project, "workType 只能是 10/20/30", cancellationToken);
            return;
        }
        var idle = command.Message.Destination == Idle;
        var result = await grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(command.TenantId, username))
            .SetWorkStatusAsync(idle ? AgentWorkStatus.Idle : AgentWorkStatus.Busy, workType, project);
        await command.ReplyAsync(username, project ?? result.Value?.ProjectCode, result.AsResult(), idle ? "置闲成功" : "置忙成功", cancellationToken);
    }
}
