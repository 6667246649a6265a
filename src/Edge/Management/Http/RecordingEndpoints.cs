using CallCenter.Edge.Tenancy;
using CallCenter.Management.CallLogs;
using CallCenter.Recordings;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Http;

/// <summary>
/// /callcenter/callLog/api/getRecording/v1 (the audio, streamed through the edge) and getRecordingUrl/v1 (a short-lived
/// signed link straight to the archive, where the provider can sign one): not in the spec, which only names the file in
/// the call log. Both are signed management requests; the recording is found through the caller's own call log, by call
/// id, so another tenant's call is simply not found, and its key must still parse as one of this tenant's.
/// </summary>
internal static class RecordingEndpoints
{
    private const string Base = "/callLog/api";

    public static void Map(RouteGroupBuilder callcenter)
    {
        callcenter.MapMethods(Base + "/getRecording/v1", ["GET", "POST"], GetRecordingAsync);
        callcenter.MapMethods(Base + "/getRecordingUrl/v1", ["GET", "POST"], GetRecordingUrlAsync);
    }

    private static async Task<IResult> GetRecordingAsync(HttpContext http, ICallLogStore store, IRecordingArchive archive, IOptions<ManagementOptions> options)
    {
        var (callId, key) = await ResolveAsync(http, store, archive, options.Value);
        var info = await archive.GetInfoAsync(key, http.RequestAborted);
        var content = info is null ? null : await archive.OpenReadAsync(key, http.RequestAborted);
        if (content is null) throw new ManagementRequestException(ManagementCodes.RecordingNotFound, "录音文件不存在");
        if (info!.Length >= 0) http.Response.ContentLength = info.Length;
        return Results.Stream(content, info.ContentType, fileDownloadName: callId + Path.GetExtension(key));
    }

    private static async Task<IResult> GetRecordingUrlAsync(HttpContext http, ICallLogStore store, IRecordingArchive archive, IOptions<ManagementOptions> options,
        IOptions<RecordingDownloadOptions> download, TimeProvider clock)
    {
        var (callId, key) = await ResolveAsync(http, store, archive, options.Value);
        var expiresOn = clock.GetUtcNow() + download.Value.LinkLifetime;
        var url = await archive.GetDownloadUriAsync(key, expiresOn, http.RequestAborted)
            ?? throw new ManagementRequestException(ManagementCodes.ValueNotAllowed, $"录音存储 {archive.Provider} 不支持签名链接，请使用 getRecording");
        return ManagementEnvelope.Ok(new { callId, url = url.AbsoluteUri, expireTimestamp = expiresOn.ToUnixTimeMilliseconds() });
    }

    /// <summary>The caller's call and its recording key, or the refusal that says why there is nothing to read.</summary>
    private static async Task<(string CallId, string Key)> ResolveAsync(HttpContext http, ICallLogStore store, IRecordingArchive archive, ManagementOptions settings)
    {
        var p = await ManagementParameters.ReadAsync(http, settings.MaxBodyBytes);
        var callId = p.RequiredCode("callId", RecordingKeys.IsValidCallId);
        var tenant = http.GetTenant().TenantId;
        var row = await store.GetAsync(tenant, callId, http.RequestAborted);
        if (row?.Record.RecordingBlobKey is not { } key || !RecordingKeys.BelongsTo(key, tenant))
            throw new ManagementRequestException(ManagementCodes.RecordingNotFound, "录音不存在");
        return row.RecordingState switch
        {
            RecordingState.Expired => throw new ManagementRequestException(ManagementCodes.RecordingNotFound, "录音已按保留期限删除"),
            RecordingState.Missing => throw new ManagementRequestException(ManagementCodes.RecordingNotFound, "录音文件缺失"),
            // Until it is archived it sits in one silo's spool, which an edge cannot be assumed to reach.
            RecordingState.Pending when !archive.IsSpool => throw new ManagementRequestException(ManagementCodes.RecordingNotFound, "录音尚未保存，请稍后重试"),
            _ => (callId, key),
        };
    }
}
