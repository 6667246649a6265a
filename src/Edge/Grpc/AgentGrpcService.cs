using CallCenter.Edge.Management.Http;
using CallCenter.Management;
using CallCenter.Management.Agents;
using Grpc.Core;
using V1 = CallCenter.Grpc.V1;

namespace CallCenter.Edge.Grpc;

/// <summary>callcenter.v1.AgentService over the agent grains (setWorkStatus / setExtensionStatus).</summary>
internal sealed class AgentGrpcService(IGrainFactory grains) : V1.AgentService.AgentServiceBase
{
    public override async Task<V1.Agent> GetAgent(V1.GetAgentRequest request, ServerCallContext context)
    {
        var agent = await Agent(context, request.Username).GetAsync().WaitAsync(context.CancellationToken);
        return agent is null ? throw GrpcFailure.From(ManagementError.ExtensionNotFound, null) : GrpcWire.Agent(agent);
    }

    public override async Task<V1.Agent> SetAgentState(V1.SetAgentStateRequest request, ServerCallContext context)
    {
        var status = request.WorkStatus switch
        {
            V1.WorkStatus.Unspecified => (AgentWorkStatus?)null,
            V1.WorkStatus.Busy => AgentWorkStatus.Busy,
            V1.WorkStatus.Idle => AgentWorkStatus.Idle,
            _ => throw GrpcFailure.InvalidArgument("work_status", "work_status must be WORK_STATUS_BUSY or WORK_STATUS_IDLE (disable with enabled = false)"),
        };
        if (status is null && !request.HasEnabled) throw GrpcFailure.InvalidArgument("work_status", "set work_status or enabled");
        var agent = Agent(context, request.Username);
        AgentSnapshot? snapshot = null;
        if (request.HasEnabled) snapshot = (await agent.SetEnabledAsync(request.Enabled).WaitAsync(context.CancellationToken)).Value();
        if (status is { } s) snapshot = (await agent.SetWorkStatusAsync(s).WaitAsync(context.CancellationToken)).Value();
        return GrpcWire.Agent(snapshot!);
    }

    private IAgentGrain Agent(ServerCallContext context, string username)
        => grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(context.TenantId(), GrpcWire.Code(username, "username", WireNames.IsExtension)));
}
