using CallCenter.Management.Agents;
using CallCenter.Management.Events;
using V1 = CallCenter.Grpc.V1;

namespace CallCenter.Edge.Grpc;

/// <summary>Management events as callcenter.v1.Event, and the Subscribe filters. Pure translation: every call's
/// call-logged event is CALL/LOGGED (with the recording's key in its call log when it was recorded); RECORDING is the
/// archive's "recording saved", once the blob is durable; events with no gRPC meaning map to null.</summary>
internal static class GrpcEvents
{
    public static V1.Event? ToWire(LoggedEvent logged)
    {
        var e = logged.Event;
        var wire = new V1.Event { Position = (ulong)logged.Position, At = GrpcWire.Time(e.At) };
        switch (e)
        {
            case AgentStateChanged s:
                wire.Kind = V1.EventKind.AgentState;
                wire.ProjectCode = s.Agent.ProjectCode ?? "";
                wire.Username = s.Agent.Username;
                wire.AgentState = new V1.AgentStateEvent { Agent = GrpcWire.Agent(s.Agent), RegistrationChanged = s.RegistrationChanged };
                break;
            case AgentCallNotice c:
                wire.Kind = V1.EventKind.Call;
                wire.ProjectCode = c.ProjectCode ?? "";
                wire.Username = c.Username;
                wire.Call = new V1.CallEvent
                {
                    Phase = c.Phase switch { AgentCallPhase.Launched => V1.CallPhase.Ringing, AgentCallPhase.Connected => V1.CallPhase.Connected, _ => V1.CallPhase.Ended },
                    CallId = c.CallId,
                    TelNo = c.TelNo ?? "",
                    CampaignCode = c.CallTaskCode ?? "",
                };
                break;
            case AgentTransferNotice t:
                wire.Kind = V1.EventKind.Call;
                wire.ProjectCode = t.ProjectCode ?? "";
                wire.Username = t.Username;
                wire.Call = new V1.CallEvent { Phase = V1.CallPhase.Transferred, CallId = t.CallId, TelNo = t.TelNo ?? "", CampaignCode = t.CallTaskCode ?? "", FromUsername = t.FromUsername };
                break;
            case AgentMessage m:
                wire.Kind = V1.EventKind.Message;
                wire.ProjectCode = m.ProjectCode ?? "";
                wire.Username = m.Username;
                wire.Message = new V1.MessageEvent { Kind = m.Kind.ToString(), Content = m.Content ?? "" };
                break;
            case CallTaskStatusChanged t:
                wire.Kind = V1.EventKind.Campaign;
                wire.ProjectCode = t.ProjectCode;
                wire.Campaign = new V1.CampaignEvent { CampaignCode = t.CallTaskCode, Status = t.Status };
                break;
            case CallTaskProgress p:
                wire.Kind = V1.EventKind.Campaign;
                wire.ProjectCode = p.ProjectCode;
                wire.Campaign = new V1.CampaignEvent
                {
                    CampaignCode = p.CallTaskCode, Status = p.Status, Progress = true, Total = p.TotalCount, Success = p.SuccessCount, Fail = p.FailCount,
                    Reject = p.RejectCount, Miss = p.MissCount, Running = p.RunningCount, Rate = p.Rate,
                };
                break;
            case InboundQueueChanged q:
                wire.Kind = V1.EventKind.Queue;
                wire.ProjectCode = q.ProjectCode;
                wire.Queue = new V1.QueueEvent { CampaignCode = q.CallTaskCode, Waiting = q.Waiting, Offered = q.Offered, OldestWaitingSince = GrpcWire.Time(q.OldestWaitingSince) };
                break;
            case RecordingSaved r:
                wire.Kind = V1.EventKind.Recording;
                wire.ProjectCode = r.ProjectCode ?? "";
                wire.Recording = new V1.RecordingEvent { CallId = r.CallId, Key = r.BlobKey };
                break;
            case CallLogged l:
                wire.Kind = V1.EventKind.Call;
                wire.ProjectCode = l.Record.ProjectCode ?? "";
                wire.Username = l.Record.CallerIdNumber ?? "";
                wire.Call = new V1.CallEvent { Phase = V1.CallPhase.Logged, CallId = l.Record.CallId, TelNo = l.Record.DestinationNumber ?? "", CampaignCode = l.Record.CallTaskCode ?? "", CallLog = GrpcWire.CallLog(0, l.Record) };
                break;
            default:
                return null;
        }
        return wire;
    }

    public static bool Matches(V1.SubscribeRequest filter, V1.Event e)
    {
        if (filter.Kinds.Count > 0 && !filter.Kinds.Contains(e.Kind)) return false;
        if (filter.ProjectCodes.Count > 0 && !filter.ProjectCodes.Contains(e.ProjectCode)) return false;
        if (filter.Usernames.Count > 0 && !filter.Usernames.Contains(e.Username)) return false;
        return true;
    }
}
