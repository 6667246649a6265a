using CallCenter.Edge.Stomp;

namespace CallCenter.Edge.Management.Stomp;

/// <summary>
/// An agent's connection (logged in with its extension) sees its own pushes and its projects' figures, not a colleague's
/// calls: the per-user topics carry customers' numbers. Back-office sessions (API account) and, where a tenant allows
/// them, anonymous sessions keep the original's tenant-wide view.
/// </summary>
public sealed class AgentTopicAuthorizer : IStompSubscriptionAuthorizer
{
    private static readonly string[] PerUserTopics = ["register", "call", "status", "invite", "bye", "transfer"];
    private static readonly string[] ProjectTopics = ["task", "callTaskStatus", "callExtStatus"];

    public string? Refuse(StompPrincipal principal, string destination)
    {
        if (principal.Name is not { } name || !name.StartsWith(ManagementStompAuthenticator.AgentPrincipalPrefix, StringComparison.Ordinal)) return null;
        var extension = name[ManagementStompAuthenticator.AgentPrincipalPrefix.Length..];
        var parts = destination.Split('/');
        // "/topic/{kind}/{x}" splits into ["", "topic", kind, x, ...].
        if (parts.Length < 4 || parts[0].Length != 0 || parts[1] != "topic") return "agents subscribe to /topic/... only";
        var kind = parts[2];
        var allowed = parts.Length switch
        {
            4 when PerUserTopics.Contains(kind) || kind == "notify" => parts[3] == extension,
            4 when ProjectTopics.Contains(kind) => parts[3].Length > 0,
            5 when kind == "notify" => parts[3].Length > 0 && parts[4] == extension,
            _ => false,
        };
        return allowed ? null : $"an agent session may subscribe to its own topics (…/{extension}) and its projects' topics only";
    }
}
