using CallCenter.Management.Agents;

namespace CallCenter.Edge.Management.Http;

/// <summary>
/// An extension as the original sends it in getExtentionByProject and on /topic/status, /topic/register and
/// /topic/callExtStatus: numbers as numbers, times as epoch milliseconds, nulls omitted. The SIP password, which the
/// original leaked here, is never part of it.
/// </summary>
public sealed record ExtensionRecordWire(
    string username,
    int status,
    int workStatus,
    int sessionStatus,
    string? destinationNumber,
    string? destinationUUID,
    string? callTaskCode,
    long? lastSessionBeginTime,
    long? projectId,
    string? projectCode)
{
    public static ExtensionRecordWire From(AgentSnapshot agent) => new(
        agent.Username,
        agent.Registered ? 1 : 0,
        (int)agent.WorkStatus,
        (int)agent.SessionStatus,
        agent.DestinationNumber,
        agent.CallId,
        agent.CallTaskCode,
        agent.LastSessionBeginTime?.ToUnixTimeMilliseconds(),
        agent.ProjectId,
        agent.ProjectCode);
}

/// <summary>/topic/status and /topic/register: the extension record, plus the spec's misspelt <c>sessionSatus</c> for
/// clients written from the document rather than against the original server.</summary>
public sealed record AgentStatusWire(
    string username,
    int status,
    int workStatus,
    int sessionStatus,
    int sessionSatus,
    string? destinationNumber,
    string? destinationUUID,
    string? callTaskCode,
    long? lastSessionBeginTime,
    long? projectId,
    string? projectCode)
{
    public static AgentStatusWire From(AgentSnapshot agent)
    {
        var r = ExtensionRecordWire.From(agent);
        return new(r.username, r.status, r.workStatus, r.sessionStatus, r.sessionStatus, r.destinationNumber, r.destinationUUID, r.callTaskCode,
            r.lastSessionBeginTime, r.projectId, r.projectCode);
    }
}
