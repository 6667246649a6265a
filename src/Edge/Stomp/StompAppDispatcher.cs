namespace CallCenter.Edge.Stomp;

/// <summary>
/// Routes a client's SEND to an application destination ("/app/idle", ...) to the <see cref="IStompAppHandler"/> that
/// lists that exact destination. As in the original server, a handler's own failure is not a STOMP error: it is logged,
/// the connection stays up, and the handler is expected to tell the user on their notify topic.
/// </summary>
internal sealed class StompAppDispatcher(IServiceScopeFactory scopes, ILogger<StompAppDispatcher> log)
{
    /// <returns>False if no handler serves the destination (the session answers with an ERROR).</returns>
    public async ValueTask<bool> DispatchAsync(StompAppMessage message, CancellationToken cancellationToken)
    {
        // A scope per message, so handlers may be scoped services (e.g. using per-request grain clients).
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IStompAppHandler>().FirstOrDefault(h => h.Destinations.Contains(message.Destination, StringComparer.Ordinal));
        if (handler is null) return false;
        try
        {
            await handler.HandleAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            log.LogError(e, "STOMP handler for {Destination} failed (tenant {TenantId}, session {SessionId})", message.Destination, message.TenantId, message.SessionId);
        }
        return true;
    }
}
