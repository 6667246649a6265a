namespace CallCenter.Edge.Stomp;

/// <summary>
/// Decides who a STOMP CONNECT is. Implemented by the management dialect (API accounts, tokens). The STOMP server asks
/// each registered authenticator in turn: null means "not my kind of credentials" (ask the next, then fall back to
/// anonymous where the tenant allows it); throwing <see cref="UnauthorizedAccessException"/> means "mine, but wrong"
/// (ERROR "authentication failed", no anonymous fallback).
/// </summary>
public interface IStompAuthenticator
{
    /// <param name="connectHeaders">The CONNECT/STOMP frame's headers (login, passcode, custom token headers).</param>
    /// <param name="http">The HTTP request that opened the SockJS session (query string, remote address).</param>
    ValueTask<StompPrincipal?> AuthenticateAsync(IReadOnlyDictionary<string, string> connectHeaders, HttpContext http, CancellationToken cancellationToken = default);
}

/// <summary>An authenticated (or, where the tenant allows it, anonymous) STOMP session owner.</summary>
public sealed record StompPrincipal(string TenantId, string? Name, bool Anonymous);
