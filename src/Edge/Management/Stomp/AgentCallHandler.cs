using CallCenter.Edge.Management.Http;
using CallCenter.Edge.Stomp;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.Projects;
using CallCenter.Management.Voices;

namespace CallCenter.Edge.Management.Stomp;

/// <summary>
/// An agent's own calls: /app/call <c>{username, projectCode, telNo}</c>, /app/previewCall <c>{username, callTaskCode,
/// telNo}</c>, /app/pmCallAgent <c>{username, telNo}</c> (a manager calls the agent whose extension is telNo),
/// /app/bye and /app/pmByeAgent <c>{username, callId}</c> (plus <c>satisfaction: "1"</c> to let the customer rate the
/// call), /app/transfer <c>{username, otherUsername, callId}</c>, /app/playVoice and /app/stopPlayVoice
/// <c>{username, callId, voiceCode}</c>. Progress arrives on /topic/call, /topic/invite, /topic/bye; refusals on the
/// notify topic.
/// </summary>
public sealed class AgentCallHandler(IGrainFactory grains, IStompBroker broker, ILogger<AgentCallHandler> log) : ManagementStompHandler(broker, log)
{
    public const string Call = "/app/call", PreviewCall = "/app/previewCall", ManagerCall = "/app/pmCallAgent";
    public const string Bye = "/app/bye", ManagerBye = "/app/pmByeAgent", Transfer = "/app/transfer";
    public const string PlayVoice = "/app/playVoice", StopPlayVoice = "/app/stopPlayVoice";

    public override IReadOnlyCollection<string> Destinations { get; } = [Call, PreviewCall, ManagerCall, Bye, ManagerBye, Transfer, PlayVoice, StopPlayVoice];

    protected override async ValueTask HandleAsync(StompCommand command, CancellationToken cancellationToken)
    {
        var project = command.Field("projectCode") is { } p && IProjectGrain.IsValidCode(p) ? p : null;
        if (await ActorAsync(command, "username", project, cancellationToken) is not { } username) return;
        var agent = grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(command.TenantId, username));
        switch (command.Message.Destination)
        {
            case Call or PreviewCall or ManagerCall:
                await DialAsync(command, agent, username, project, cancellationToken);
                break;
            case Bye or ManagerBye:
                if (await CallIdAsync(command, username, project, cancellationToken) is not { } hangupId) return;
                var hungUp = await agent.HangupAsync(hangupId, command.Flag("satisfaction"));
                if (!hungUp.Ok) await command.ReplyAsync(username, project, Push.NotifyMessage.Failure(hungUp.Error), cancellationToken);
                break;
            case Transfer:
                if (await CallIdAsync(command, username, project, cancellationToken) is not { } transferId) return;
                if (command.Extension("otherUsername") is not { } other)
                {
                    await command.FailAsync(username, project, "缺少参数 otherUsername", cancellationToken);
                    return;
                }
                await command.ReplyAsync(username, project, await agent.TransferAsync(transferId, other), "正在转接", cancellationToken);
                break;
            case PlayVoice or StopPlayVoice:
                if (await CallIdAsync(command, username, project, cancellationToken) is not { } playId) return;
                if (command.Field("voiceCode") is not { } voice || !IVoiceGrain.IsValidCode(voice))
                {
                    await command.FailAsync(username, project, "缺少参数 voiceCode", cancellationToken);
                    return;
                }
                var stop = command.Message.Destination == StopPlayVoice;
                await command.ReplyAsync(username, project, await agent.PlayVoiceAsync(playId, voice, stop), stop ? "已停止播放" : "正在播放", cancellationToken);
                break;
        }
    }

    private static async Task DialAsync(StompCommand command, IAgentGrain agent, string username, string? project, CancellationToken cancellationToken)
    {
        var destination = command.Message.Destination;
        var telNo = command.Field("telNo");
        var kind = destination switch { PreviewCall => AgentCallKind.Preview, ManagerCall => AgentCallKind.ManagerToAgent, _ => AgentCallKind.Manual };
        var valid = kind == AgentCallKind.ManagerToAgent ? telNo is not null && WireNames.IsExtension(telNo) : telNo is not null && ManagementParameters.IsPhoneNumber(telNo);
        if (!valid)
        {
            await command.FailAsync(username, project, "号码格式不正确", cancellationToken);
            return;
        }
        var task = command.Field("callTaskCode") is { } t && WireNames.IsTaskCode(t) ? t : null;
        if (kind == AgentCallKind.Preview && task is null)
        {
            await command.FailAsync(username, project, "缺少参数 callTaskCode", cancellationToken);
            return;
        }
        var placed = await agent.PlaceCallAsync(new AgentDialRequest(kind, telNo!, project, task));
        if (!placed.Ok) await command.ReplyAsync(username, project, Push.NotifyMessage.Failure(placed.Error), cancellationToken);
    }

    private static async ValueTask<string?> CallIdAsync(StompCommand command, string username, string? project, CancellationToken cancellationToken)
    {
        if (command.Field("callId") is { } id && WireNames.IsCallId(id)) return id;
        await command.ReplyAsync(username, project, Push.NotifyMessage.Failure(ManagementError.CallNotFound), cancellationToken);
        return null;
    }
}
