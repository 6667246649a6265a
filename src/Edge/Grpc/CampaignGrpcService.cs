using CallCenter.Dialer;
using CallCenter.Edge.Management.Http;
using CallCenter.Management;
using CallCenter.Management.Gateways;
using CallCenter.Management.Projects;
using Grpc.Core;
using V1 = CallCenter.Grpc.V1;

namespace CallCenter.Edge.Grpc;

/// <summary>callcenter.v1.CampaignService over the dialer's task and call-list grains (submitCallTask and its
/// siblings). Start, pause and stop are idempotent here: repeating one answers the status, as "nothing done" did.</summary>
internal sealed class CampaignGrpcService(IGrainFactory grains) : V1.CampaignService.CampaignServiceBase
{
    private const int MaxImport = 100_000;

    public override async Task<V1.CampaignStatus> CreateCampaign(V1.CreateCampaignRequest request, ServerCallContext context)
    {
        var code = GrpcWire.Code(request.CampaignCode, "campaign_code", WireNames.IsTaskCode);
        var project = GrpcWire.Code(request.ProjectCode, "project_code", IProjectGrain.IsValidCode);
        var callType = request.Type switch
        {
            V1.CampaignType.Predictive => TaskCallType.Predictive,
            V1.CampaignType.Preview => TaskCallType.Preview,
            V1.CampaignType.Inbound => TaskCallType.Inbound,
            _ => throw GrpcFailure.InvalidArgument("type", "type is required"),
        };
        var schedule = request.ScheduleType switch
        {
            0 => callType switch { TaskCallType.Inbound => ScheduleType.Inbound, TaskCallType.Preview => ScheduleType.AgentFirst, _ => ScheduleType.ConnectAgent },
            1 or 2 or 3 or 4 or 5 or 11 => (ScheduleType)request.ScheduleType,
            _ => throw GrpcFailure.InvalidArgument("schedule_type", "schedule_type must be 0, 1, 2, 3, 4, 5 or 11"),
        };
        var gateways = new List<TaskGateway>();
        foreach (var g in request.Gateways)
        {
            var gw = GrpcWire.Code(g.GwCode, "gateways.gw_code", IGatewayGrain.IsValidCode);
            if (g.Concurrency is < 1 or > 100_000) throw GrpcFailure.InvalidArgument("gateways.concurrency", "concurrency must be between 1 and 100000");
            if (gateways.Any(t => t.Code == gw)) throw GrpcFailure.InvalidArgument("gateways", $"gateway {gw} is listed twice");
            gateways.Add(new TaskGateway(gw, g.Concurrency));
        }
        if (gateways.Count == 0) throw GrpcFailure.InvalidArgument("gateways", "at least one gateway is required");
        if (request.Rate is < 0 or > 100 || double.IsNaN(request.Rate)) throw GrpcFailure.InvalidArgument("rate", "rate must be between 0 and 100");
        if (request.ExpiresAt is null) throw GrpcFailure.InvalidArgument("expires_at", "expires_at is required");
        var listId = GrpcWire.OptionalCode(request.CallListId, "call_list_id", ICallListGrain.IsValidId);
        var inbound = request.InboundNumbers.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (inbound.Any(n => !ManagementParameters.IsPhoneNumber(n))) throw GrpcFailure.InvalidArgument("inbound_numbers", "inbound_numbers has an invalid number");
        if (callType == TaskCallType.Inbound || schedule == ScheduleType.Inbound)
        {
            if (inbound.Count == 0) throw GrpcFailure.InvalidArgument("inbound_numbers", "inbound campaigns need inbound_numbers");
        }
        else if (listId is null) throw GrpcFailure.InvalidArgument("call_list_id", "call_list_id is required");
        var pacing = request.Pacing switch
        {
            V1.PacingMode.Unspecified => callType == TaskCallType.Predictive ? PacingMode.Predictive : PacingMode.Progressive,
            V1.PacingMode.Progressive => PacingMode.Progressive,
            V1.PacingMode.FixedRatio => PacingMode.FixedRatio,
            V1.PacingMode.Predictive => PacingMode.Predictive,
            _ => throw GrpcFailure.InvalidArgument("pacing", "unknown pacing mode"),
        };
        var definition = new CallTaskDefinition(code, project, schedule, callType, gateways, request.Rate, request.ExpiresAt.ToDateTimeOffset(), listId,
            Pacing: pacing, InboundNumbers: inbound.Count == 0 ? null : inbound);
        var task = Task(context, code);
        (await task.SubmitAsync(definition).WaitAsync(context.CancellationToken)).Check();
        return await StatusAsync(task, context);
    }

    public override async Task<V1.ImportNumbersResponse> ImportNumbers(V1.ImportNumbersRequest request, ServerCallContext context)
    {
        var listId = GrpcWire.Code(request.CallListId, "call_list_id", ICallListGrain.IsValidId);
        if (request.Numbers.Count == 0) throw GrpcFailure.InvalidArgument("numbers", "numbers is empty");
        if (request.Numbers.Count > MaxImport) throw GrpcFailure.InvalidArgument("numbers", $"at most {MaxImport} numbers per call");
        var response = new V1.ImportNumbersResponse { CallListId = listId };
        var accepted = new List<string>(request.Numbers.Count);
        for (var i = 0; i < request.Numbers.Count; i++)
        {
            var number = request.Numbers[i].Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (ManagementParameters.IsPhoneNumber(number)) accepted.Add(number);
            else response.Rejected.Add(new V1.RejectedNumber { Index = i, Value = GrpcWire.Short(request.Numbers[i]) });
        }
        var result = await grains.GetGrain<ICallListGrain>(DialerKeys.CallList(context.TenantId(), listId)).AppendAsync(accepted).WaitAsync(context.CancellationToken);
        response.Accepted = result.Accepted;
        response.Duplicates = result.Duplicates;
        response.FirstId = result.FirstId;
        response.LastId = result.LastId;
        response.Total = result.Total;
        return response;
    }

    public override Task<V1.CampaignStatus> StartCampaign(V1.CampaignRef request, ServerCallContext context) => CommandAsync(request, context, t => t.StartAsync());

    public override Task<V1.CampaignStatus> PauseCampaign(V1.CampaignRef request, ServerCallContext context) => CommandAsync(request, context, t => t.PauseAsync());

    public override Task<V1.CampaignStatus> StopCampaign(V1.CampaignRef request, ServerCallContext context) => CommandAsync(request, context, t => t.EndAsync());

    public override Task<V1.CampaignStatus> GetCampaignStatus(V1.CampaignRef request, ServerCallContext context)
        => StatusAsync(Task(context, GrpcWire.Code(request.CampaignCode, "campaign_code", WireNames.IsTaskCode)), context);

    private async Task<V1.CampaignStatus> CommandAsync(V1.CampaignRef request, ServerCallContext context, Func<IDialTaskGrain, Task<ManagementResult>> command)
    {
        var task = Task(context, GrpcWire.Code(request.CampaignCode, "campaign_code", WireNames.IsTaskCode));
        var result = await command(task).WaitAsync(context.CancellationToken);
        if (result.Error != ManagementError.NothingDone) result.Check();
        return await StatusAsync(task, context);
    }

    private static async Task<V1.CampaignStatus> StatusAsync(IDialTaskGrain task, ServerCallContext context)
        => GrpcWire.Campaign((await task.GetStatusAsync().WaitAsync(context.CancellationToken)).Value());

    private IDialTaskGrain Task(ServerCallContext context, string code) => grains.GetGrain<IDialTaskGrain>(DialerKeys.Task(context.TenantId(), code));
}
