using CallCenter.Edge.Stomp;
using CallCenter.Management;
using CallCenter.Management.Projects;
using CallCenter.Management.Supervision;

namespace CallCenter.Edge.Management.Stomp;

/// <summary>
/// A project manager's supervision, all sent from the manager's extension <c>listenerExt</c>: /app/eavesdrop and
/// /app/stopEavesdrop <c>{username, listenerExt, projectCode}</c>, /app/conference and /app/stopConference
/// <c>{projectCode, listenerExt}</c>, /app/conferenceByUsername <c>{username, listenerExt, projectCode}</c>.
/// </summary>
public sealed class SupervisionHandler(IGrainFactory grains, IStompBroker broker, ILogger<SupervisionHandler> log) : ManagementStompHandler(broker, log)
{
    public const string Eavesdrop = "/app/eavesdrop", StopEavesdrop = "/app/stopEavesdrop";
    public const string Conference = "/app/conference", ConferenceByUsername = "/app/conferenceByUsername", StopConference = "/app/stopConference";

    public override IReadOnlyCollection<string> Destinations { get; } = [Eavesdrop, StopEavesdrop, Conference, ConferenceByUsername, StopConference];

    protected override async ValueTask HandleAsync(StompCommand command, CancellationToken cancellationToken)
    {
        var project = command.Field("projectCode") is { } p && IProjectGrain.IsValidCode(p) ? p : null;
        if (await ActorAsync(command, "listenerExt", project, cancellationToken) is not { } manager) return;
        if (project is null)
        {
            await command.FailAsync(manager, null, "缺少参数 projectCode", cancellationToken);
            return;
        }
        var supervisor = grains.GetGrain<ISupervisorGrain>(ISupervisorGrain.KeyFor(command.TenantId, manager));
        var destination = command.Message.Destination;
        if (destination == Conference)
        {
            var started = await supervisor.StartConferenceAsync(project);
            await command.ReplyAsync(manager, project, started.AsResult(), $"会议已发起，呼叫 {started.Value} 名坐席", cancellationToken);
            return;
        }
        if (destination == StopConference)
        {
            await command.ReplyAsync(manager, project, await supervisor.StopConferenceAsync(project), "会议已结束", cancellationToken);
            return;
        }
        if (command.Extension("username") is not { } agent)
        {
            await command.FailAsync(manager, project, "缺少参数 username", cancellationToken);
            return;
        }
        ManagementResult result = destination switch
        {
            Eavesdrop => await supervisor.EavesdropAsync(project, agent),
            StopEavesdrop => await supervisor.StopEavesdropAsync(project, agent),
            _ => await supervisor.InviteToConferenceAsync(project, agent),
        };
        var text = destination switch { Eavesdrop => "正在监听", StopEavesdrop => "已停止监听", _ => "已邀请坐席参加会议" };
        await command.ReplyAsync(manager, project, result, text, cancellationToken);
    }
}
