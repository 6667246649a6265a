using System.Globalization;
using System.Text.Json;
using CallCenter.Edge.Json;
using CallCenter.Edge.Management.Http;
using CallCenter.Management.Agents;
using CallCenter.Management.Events;

namespace CallCenter.Edge.Management.Push;

/// <summary>One STOMP push: where and what.</summary>
public sealed record StompPush(string Destination, string Body);

/// <summary>
/// Turns a management event into the STOMP pushes the original sent for it, with the payloads wire-notes quotes. Pure
/// translation: no state, no I/O.
/// </summary>
public static class ManagementPushes
{
    public static IReadOnlyList<StompPush> For(ManagementEvent e) => e switch
    {
        AgentStateChanged s => AgentState(s),
        AgentCallNotice c => [new(CallTopic(c.Phase, c.Username), Json(new CallPayload(c.TelNo, c.CallId, c.CallTaskCode)))],
        AgentTransferNotice t =>
        [
            new(ManagementTopics.Transfer(t.Username), Json(new TransferPayload(t.TelNo, t.CallId, t.CallTaskCode, t.FromUsername))),
            .. Notify(t.ProjectCode, t.Username, NotifyMessage.Of($"坐席 {t.FromUsername} 转接来电 {t.TelNo}", NotifyMessage.Info).ToJson()),
        ],
        AgentMessage m => Notify(m.ProjectCode, m.Username, NotifyMessage.Render(m)),
        CallTaskStatusChanged t => [new(ManagementTopics.Task(t.ProjectCode), Json(t.Task))],
        CallTaskProgress p => [new(ManagementTopics.CallTaskStatus(p.ProjectCode), Json(TaskProgressPayload(p)))],
        _ => [],
    };

    /// <summary>/topic/notify/{projectCode}/{username} and /topic/notify/{username}: clients subscribe to one or the other.</summary>
    public static IReadOnlyList<StompPush> Notify(string? projectCode, string username, string body)
        => projectCode is null
            ? [new(ManagementTopics.Notify(username), body)]
            : [new(ManagementTopics.Notify(projectCode, username), body), new(ManagementTopics.Notify(username), body)];

    /// <summary>The all-string map of /topic/callTaskStatus (and of the task webhook).</summary>
    public static Dictionary<string, string> TaskProgressPayload(CallTaskProgress p) => new()
    {
        ["code"] = p.CallTaskCode,
        ["totalCnt"] = S(p.TotalCount),
        ["failCnt"] = S(p.FailCount),
        ["rejectCnt"] = S(p.RejectCount),
        ["missCnt"] = S(p.MissCount),
        ["successCnt"] = S(p.SuccessCount),
        ["runningCnt"] = S(p.RunningCount),
        ["status"] = S(p.Status),
        ["rate"] = p.Rate.ToString(CultureInfo.InvariantCulture),
    };

    private static IReadOnlyList<StompPush> AgentState(AgentStateChanged s)
    {
        var agent = s.Agent;
        var pushes = new List<StompPush> { new(ManagementTopics.Status(agent.Username), Json(AgentStatusWire.From(agent))) };
        if (s.RegistrationChanged) pushes.Add(new(ManagementTopics.Register(agent.Username), Json(AgentStatusWire.From(agent))));
        if (agent.ProjectCode is { } project) pushes.Add(new(ManagementTopics.CallExtStatus(project), Json(ExtensionRecordWire.From(agent))));
        return pushes;
    }

    private static string CallTopic(AgentCallPhase phase, string username) => phase switch
    {
        AgentCallPhase.Launched => ManagementTopics.Call(username),
        AgentCallPhase.Connected => ManagementTopics.Invite(username),
        _ => ManagementTopics.Bye(username),
    };

    private static string S(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, EdgeJson.Options);

    /// <summary>/topic/call, /topic/invite, /topic/bye. <c>callTaskCode</c> is absent for plain agent calls.</summary>
    private sealed record CallPayload(string? telNo, string callId, string? callTaskCode);

    /// <summary>/topic/transfer: who handed the call over is <c>username</c>.</summary>
    private sealed record TransferPayload(string? telNo, string callId, string? callTaskCode, string username);
}
