using CallCenter.Edge.Stomp;

namespace CallCenter.Edge.Management.Stomp;

/// <summary>
/// What the management /app handlers share: parse the body, log what cannot be answered, run the command. Application
/// failures are answered on the user's notify topic, never as STOMP ERRORs (which would drop the connection), as the
/// original did.
/// </summary>
public abstract class ManagementStompHandler(IStompBroker broker, ILogger log) : IStompAppHandler
{
    public abstract IReadOnlyCollection<string> Destinations { get; }

    public async ValueTask HandleAsync(StompAppMessage message, CancellationToken cancellationToken = default)
    {
        var command = StompCommand.Parse(message, broker);
        if (command is null)
        {
            log.LogInformation("STOMP {Destination} of session {SessionId} ignored: the body is not a JSON object", message.Destination, message.SessionId);
            return;
        }
        await HandleAsync(command, cancellationToken);
    }

    protected abstract ValueTask HandleAsync(StompCommand command, CancellationToken cancellationToken);

    /// <summary>The acting user, checked: null (and logged) when missing, malformed or not the session's own.</summary>
    protected async ValueTask<string?> ActorAsync(StompCommand command, string field, string? projectCode, CancellationToken cancellationToken)
    {
        var username = command.Extension(field);
        if (username is null)
        {
            log.LogInformation("STOMP {Destination} of session {SessionId} ignored: {Field} missing or malformed", command.Message.Destination, command.Message.SessionId, field);
            return null;
        }
        if (!command.MayActFor(username))
        {
            log.LogWarning("STOMP {Destination} of session {SessionId} ({Principal}) refused: it may not act for {Username}",
                command.Message.Destination, command.Message.SessionId, command.Message.Principal, username);
            // Answered to the sender, not to the extension it tried to act for.
            var own = command.Message.Principal![ManagementStompAuthenticator.AgentPrincipalPrefix.Length..];
            await command.FailAsync(own, null, "无权操作该分机", cancellationToken);
            return null;
        }
        return username;
    }
}
