using CallCenter.Edge.Management;
using CallCenter.Edge.Management.Http;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Gateways;
using CallCenter.Management.Projects;
using CallCenter.Recordings;
using Grpc.Core;
using Microsoft.Extensions.Options;
using V1 = CallCenter.Grpc.V1;

namespace CallCenter.Edge.Grpc;

/// <summary>callcenter.v1.CallService: agents' calls through the agent grains, call logs and recordings from the call-log
/// store (as getList reads them).</summary>
internal sealed class CallGrpcService(IGrainFactory grains, ICallLogStore callLogs, IOptions<ManagementOptions> options, IRecordingArchive archive,
    IOptions<RecordingDownloadOptions> download, TimeProvider clock) : V1.CallService.CallServiceBase
{
    private const int DefaultPageSize = 20;

    public override async Task<V1.PlaceCallResponse> PlaceCall(V1.PlaceCallRequest request, ServerCallContext context)
    {
        var agent = Agent(context, request.Username);
        if (!ManagementParameters.IsPhoneNumber(request.TelNo ?? "")) throw GrpcFailure.InvalidArgument("tel_no", "tel_no must be 3 to 32 digits (optional leading +)");
        var gateways = request.GwCodes.Select(g => GrpcWire.Code(g, "gw_codes", IGatewayGrain.IsValidCode)).ToList();
        var callId = (await agent.PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, request.TelNo!, GatewayCodes: gateways.Count == 0 ? null : gateways))
            .WaitAsync(context.CancellationToken)).Value();
        return new V1.PlaceCallResponse { CallId = callId };
    }

    public override async Task<V1.EndCallResponse> EndCall(V1.EndCallRequest request, ServerCallContext context)
    {
        var agent = Agent(context, request.Username);
        if (string.IsNullOrEmpty(request.CallId) || request.CallId.Length > 128) throw GrpcFailure.InvalidArgument("call_id", "call_id is required");
        (await agent.HangupAsync(request.CallId).WaitAsync(context.CancellationToken)).Check();
        return new V1.EndCallResponse();
    }

    public override async Task<V1.ListCallLogsResponse> ListCallLogs(V1.ListCallLogsRequest request, ServerCallContext context)
    {
        var max = options.Value.MaxPageSize;
        var page = request.Page == 0 ? 1 : request.Page;
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        if (page < 1) throw GrpcFailure.InvalidArgument("page", "page starts at 1");
        if (size < 1 || size > max) throw GrpcFailure.InvalidArgument("page_size", $"page_size must be between 1 and {max}");
        var project = GrpcWire.OptionalCode(request.ProjectCode, "project_code", IProjectGrain.IsValidCode);
        var campaign = GrpcWire.OptionalCode(request.CampaignCode, "campaign_code", WireNames.IsTaskCode);
        var from = request.From?.ToDateTimeOffset();
        var to = request.To?.ToDateTimeOffset();
        if (from > to) throw GrpcFailure.InvalidArgument("from", "from is after to");
        var result = await callLogs.QueryAsync(new CallLogQuery(context.TenantId(), page, size, project, campaign,
            request.TimeField == V1.CallTimeField.End ? CallLogTimeField.EndTime : CallLogTimeField.StartTime, from, to), context.CancellationToken);
        var response = new V1.ListCallLogsResponse { Total = result.Total };
        response.Items.AddRange(result.Items.Select(e => GrpcWire.CallLog(e.Id, e.Record)));
        return response;
    }

    public override async Task<V1.Recording> GetRecording(V1.GetRecordingRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.CallId) || request.CallId.Length > 128) throw GrpcFailure.InvalidArgument("call_id", "call_id is required");
        var entry = await callLogs.GetAsync(context.TenantId(), request.CallId, context.CancellationToken)
            ?? throw GrpcFailure.From(ManagementError.CallNotFound, "no call log with this call_id");
        if (entry.Record.RecordingBlobKey is null)
            throw GrpcFailure.Create(StatusCode.NotFound, "RECORDING_NOT_FOUND", "the call was not recorded");
        var recording = GrpcWire.Recording(entry.Record, options.Value);
        // A short-lived signed link once the recording is archived, where the archive can sign one (Azure Blob); the
        // local folder has none: the management API's getRecording streams it instead.
        if (entry.RecordingState == RecordingState.Saved && RecordingKeys.BelongsTo(entry.Record.RecordingBlobKey, context.TenantId())
            && await archive.GetDownloadUriAsync(entry.Record.RecordingBlobKey, clock.GetUtcNow() + download.Value.LinkLifetime, context.CancellationToken) is { } url)
            recording.DownloadUrl = url.AbsoluteUri;
        return recording;
    }

    private IAgentGrain Agent(ServerCallContext context, string username)
        => grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(context.TenantId(), GrpcWire.Code(username, "username", WireNames.IsExtension)));
}
