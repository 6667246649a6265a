using System.Globalization;
using CallCenter.Edge.Tenancy;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Projects;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Http;

/// <summary>/callcenter/callLog/api/...: call logs (one row per call, from SQL).</summary>
internal static class CallLogEndpoints
{
    private const string Base = "/callLog/api";

    public static void Map(RouteGroupBuilder callcenter)
    {
        callcenter.MapMethods(Base + "/getList/v1", ["GET", "POST"], GetListAsync);
        callcenter.MapMethods(Base + "/getListByResult/v1", ["GET", "POST"], GetListByResultAsync);
    }

    private static async Task<IResult> GetListAsync(HttpContext http, ICallLogStore store, IOptions<ManagementOptions> options)
    {
        var settings = options.Value;
        var p = await ManagementParameters.ReadAsync(http, settings.MaxBodyBytes);
        var (page, size) = p.Paging(settings.MaxPageSize);
        var projectCode = p.OptionalCode("projectCode", IProjectGrain.IsValidCode);
        var taskCode = p.OptionalCode("callTaskCode", WireNames.IsTaskCode);
        var from = p.OptionalTime("beginTime", settings.LocalTimeOffset);
        var to = p.OptionalTime("endTime", settings.LocalTimeOffset);
        // Marked required by the spec but meaningless without a time range; a range without it is ambiguous, so refused.
        var timeType = p.OptionalChoice("queryTimeType", 1, 2);
        if (timeType is null && (from is not null || to is not null))
            throw new ManagementRequestException(ManagementCodes.MissingParameter, "缺少参数 queryTimeType");
        if (from is not null && to is not null && from > to) throw new ManagementRequestException(ManagementCodes.BadDateTime, "beginTime 不能晚于 endTime");

        var result = await store.QueryAsync(new CallLogQuery(http.GetTenant().TenantId, page, size, projectCode, taskCode,
            timeType == 2 ? CallLogTimeField.EndTime : CallLogTimeField.StartTime, from, to), http.RequestAborted);
        var items = result.Items.Select(e => ToWire(e, settings)).ToList();
        return ManagementEnvelope.Ok(new { total = result.Total, items }, result.Total);
    }

    private static async Task<IResult> GetListByResultAsync(HttpContext http, ICallLogStore store, IOptions<ManagementOptions> options)
    {
        var settings = options.Value;
        var p = await ManagementParameters.ReadAsync(http, settings.MaxBodyBytes);
        var details = ParseDetails(p.Required("resultDetail", 128));
        var taskCode = p.RequiredCode("callTaskCode", WireNames.IsTaskCode);
        var (page, size) = p.Paging(settings.MaxPageSize);
        var lastId = p.RequiredLong("recallLastId", 0);
        var result = await store.QueryForRecallAsync(new RecallQuery(http.GetTenant().TenantId, taskCode, details, lastId, page, size), http.RequestAborted);
        var items = result.Items.Select(e => new { destinationNumber = e.Record.DestinationNumber, id = e.Id }).ToList();
        return ManagementEnvelope.Ok(new { total = result.Total, items }, result.Total);
    }

    /// <summary>One detail code or several separated by commas ("20,25"): a recall usually covers several outcomes.</summary>
    private static List<int> ParseDetails(string text)
    {
        var details = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var detail))
                throw new ManagementRequestException(ManagementCodes.NotANumber, "参数 resultDetail 必须是数字");
            if (!CallResultDetails.All.Contains(detail))
                throw new ManagementRequestException(ManagementCodes.ValueNotAllowed, $"参数 resultDetail 不支持 {detail}");
            details.Add(detail);
        }
        if (details.Count == 0) throw new ManagementRequestException(ManagementCodes.MissingParameter, "缺少参数 resultDetail");
        return details;
    }

    private static object ToWire(CallLogEntry entry, ManagementOptions settings)
    {
        var r = entry.Record;
        return new
        {
            id = entry.Id,
            callId = r.CallId,
            callTaskCode = r.CallTaskCode,
            projectCode = r.ProjectCode,
            callerIdNumber = r.CallerIdNumber,
            destinationNumber = r.DestinationNumber,
            recordFile = r.RecordingBlobKey is { } key ? settings.RecordingFilePrefix + key : null,
            recordFileQiniu = r.RecordingBlobKey is { } k ? $"{settings.RecordingBucket}|{k}" : null,
            recordBlobKey = r.RecordingBlobKey,
            // Not in the spec: where the recording is (none, pending, saved, expired, missing) and when it became durable.
            recordingState = entry.RecordingState.ToString().ToLowerInvariant(),
            recordingSavedTimestamp = entry.RecordingSavedAt?.ToUnixTimeMilliseconds(),
            startTimestamp = r.StartTime.ToUnixTimeMilliseconds(),
            endTimestamp = r.EndTime.ToUnixTimeMilliseconds(),
            addTime = entry.AddTime.ToUnixTimeMilliseconds(),
            updateTime = entry.UpdateTime.ToUnixTimeMilliseconds(),
            duration = r.DurationSeconds,
            billsec = r.BillSeconds,
            priceCal = r.PriceCal,
            priceRule = r.PriceRule,
            // Strings, as the original sent them.
            result = r.Result.ToString(CultureInfo.InvariantCulture),
            resultDetail = r.ResultDetail.ToString(CultureInfo.InvariantCulture),
            evaluation = r.Evaluation,
            callType = (int)r.Kind,
            hangupCause = r.HangupCause,
            gwCode = r.GatewayCode,
        };
    }
}
