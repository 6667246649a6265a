using CallCenter.Dialer;
using CallCenter.Edge.Management;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Gateways;
using Google.Protobuf.WellKnownTypes;
using V1 = CallCenter.Grpc.V1;

namespace CallCenter.Edge.Grpc;

/// <summary>Domain records to their callcenter.v1 messages, and the checks every request field gets. Pure translation.</summary>
internal static class GrpcWire
{
    public static T Value<T>(this ManagementResult<T> result)
        => result.Ok ? result.Value! : throw GrpcFailure.From(result.Error, result.Detail);

    public static void Check(this ManagementResult result)
    {
        if (!result.Ok) throw GrpcFailure.From(result.Error, result.Detail);
    }

    /// <summary>A code field (project, campaign, list, extension...) that the domain's own rule accepts.</summary>
    public static string Code(string? value, string field, Func<string, bool> valid)
    {
        if (string.IsNullOrEmpty(value)) throw GrpcFailure.InvalidArgument(field, $"{field} is required");
        if (!valid(value)) throw GrpcFailure.InvalidArgument(field, $"{field} '{Short(value)}' is not valid");
        return value;
    }

    public static string? OptionalCode(string? value, string field, Func<string, bool> valid)
        => string.IsNullOrEmpty(value) ? null : Code(value, field, valid);

    public static string Short(string value) => value.Length > 40 ? value[..40] + "…" : value;

    public static Timestamp? Time(DateTimeOffset? at) => at is { } t ? Timestamp.FromDateTimeOffset(t) : null;

    public static V1.Agent Agent(AgentSnapshot a) => new()
    {
        Username = a.Username,
        ProjectCode = a.ProjectCode ?? "",
        Role = (V1.AgentRole)(int)a.Role,
        Enabled = a.Enabled,
        Registered = a.Registered,
        WorkStatus = a.WorkStatus switch
        {
            AgentWorkStatus.Unavailable => V1.WorkStatus.Unavailable,
            AgentWorkStatus.Busy => V1.WorkStatus.Busy,
            _ => V1.WorkStatus.Idle,
        },
        SessionStatus = (V1.SessionStatus)(int)a.SessionStatus,
        CallId = a.CallId ?? "",
        DestinationNumber = a.DestinationNumber ?? "",
        CampaignCode = a.CallTaskCode ?? "",
    };

    public static V1.Gateway Gateway(GatewayInfo g) => new()
    {
        GwCode = g.GwCode,
        Id = g.Id,
        Name = g.Settings.GwName,
        Realm = g.Settings.Realm,
        Enabled = g.Settings.Status == 1,
        Concurrency = g.Concurrency,
        PriceRule = g.PriceRule ?? "",
        CreatedAt = Time(g.CreatedAt),
    };

    public static V1.CampaignStatus Campaign(CallTaskStatusInfo s) => new()
    {
        CampaignCode = s.CallTaskCode,
        ProjectCode = s.ProjectCode,
        State = (V1.CampaignState)(int)s.Status,
        Type = (V1.CampaignType)(int)s.CallType,
        Pacing = (V1.PacingMode)(int)s.Pacing,
        Rate = s.Rate,
        Total = s.TotalCount,
        Success = s.SuccessCount,
        Fail = s.FailCount,
        Reject = s.RejectCount,
        Miss = s.MissCount,
        Running = s.RunningCount,
        Remaining = s.Remaining,
        StartedAt = Time(s.StartedAt),
        EndedAt = Time(s.EndedAt),
    };

    public static V1.CallLog CallLog(long id, CallLogRecord r)
    {
        var log = new V1.CallLog
        {
            Id = id,
            CallId = r.CallId,
            ProjectCode = r.ProjectCode ?? "",
            CampaignCode = r.CallTaskCode ?? "",
            CallerIdNumber = r.CallerIdNumber ?? "",
            DestinationNumber = r.DestinationNumber ?? "",
            StartTime = Time(r.StartTime),
            EndTime = Time(r.EndTime),
            DurationSeconds = r.DurationSeconds,
            BillSeconds = r.BillSeconds,
            Result = r.Result,
            ResultDetail = r.ResultDetail,
            HangupCause = r.HangupCause ?? "",
            GwCode = r.GatewayCode ?? "",
            RecordingKey = r.RecordingBlobKey ?? "",
            CallType = (int)r.Kind,
            PriceRule = r.PriceRule ?? "",
        };
        if (r.PriceCal is { } price) log.PriceFen = (double)price;
        return log;
    }

    public static V1.Recording Recording(CallLogRecord r, ManagementOptions settings) => new()
    {
        CallId = r.CallId,
        Key = r.RecordingBlobKey ?? "",
        RecordFile = settings.RecordingFilePrefix + r.RecordingBlobKey,
        Bucket = settings.RecordingBucket,
        DurationSeconds = r.DurationSeconds,
        StartTime = Time(r.StartTime),
        EndTime = Time(r.EndTime),
    };
}
