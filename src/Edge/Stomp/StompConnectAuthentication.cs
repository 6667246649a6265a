using CallCenter.Tenancy;
using CallCenter.Edge.Security;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Stomp;

/// <summary>The outcome of authenticating a CONNECT: a principal, or the client-facing reason for refusing it.</summary>
internal readonly record struct StompConnectDecision(StompPrincipal? Principal, string? Refusal);

/// <summary>
/// Decides who a CONNECT is. The registered <see cref="IStompAuthenticator"/>s are asked in registration order and the
/// first principal wins. If none claims the session, it is accepted as anonymous only when the listener's default tenant
/// allows anonymous STOMP (the original server had no authentication; migrating tenants may keep that), else refused.
/// Either way the tenant must exist and be enabled, as for every other edge request. An authenticator refuses
/// credentials of its kind that are wrong by throwing <see cref="UnauthorizedAccessException"/>: ERROR "authentication
/// failed", and no fallback to anonymous.
/// </summary>
internal sealed class StompConnectAuthentication(IServiceScopeFactory scopes, IGrainFactory grains, IOptions<StompOptions> options, LoginGuard guard, ILogger<StompConnectAuthentication> log)
{
    public const string AuthenticationRequired = "authentication required";
    public const string AuthenticationFailed = "authentication failed";
    public const string TooManyFailures = "too many failed logins, retry later";

    public async ValueTask<StompConnectDecision> AuthenticateAsync(IReadOnlyDictionary<string, string> connectHeaders, HttpContext request, CancellationToken cancellationToken)
    {
        // Brute-force protection: a CONNECT is rare enough to ask the cluster every time.
        var name = connectHeaders.GetValueOrDefault("login") ?? connectHeaders.GetValueOrDefault("account") ?? request.Request.Query["account"].ToString();
        var claim = new LoginClaim("stomp", name);
        var address = request.Connection.RemoteIpAddress;
        if (await guard.LockoutAsync(claim, address) is not null) return new(null, TooManyFailures);
        var decision = await DecideAsync(connectHeaders, request, cancellationToken);
        if (decision.Refusal == AuthenticationFailed)
        {
            if (await guard.FailedAsync(claim, address) is not null) return new(null, TooManyFailures);
        }
        else if (decision.Principal is { Anonymous: false })
        {
            await guard.SucceededAsync(claim, address);
        }
        return decision;
    }

    private async ValueTask<StompConnectDecision> DecideAsync(IReadOnlyDictionary<string, string> connectHeaders, HttpContext request, CancellationToken cancellationToken)
    {
        // A scope per CONNECT, so authenticators may be registered with any lifetime.
        await using var scope = scopes.CreateAsyncScope();
        foreach (var authenticator in scope.ServiceProvider.GetServices<IStompAuthenticator>())
        {
            StompPrincipal? principal;
            try
            {
                principal = await authenticator.AuthenticateAsync(connectHeaders, request, cancellationToken);
            }
            catch (UnauthorizedAccessException e)
            {
                // The authenticator's way of saying "these are my kind of credentials, and they are wrong": refused, with
                // no fallback to anonymous. Other exceptions are failures, which the session logs as errors.
                log.LogInformation("STOMP CONNECT refused by {Authenticator}: {Reason}", authenticator.GetType().Name, e.Message);
                return new(null, AuthenticationFailed);
            }
            if (principal is null) continue;
            if (!TenantIds.IsValid(principal.TenantId))
            {
                log.LogError("STOMP authenticator {Authenticator} returned an invalid tenant id", authenticator.GetType().Name);
                return new(null, AuthenticationFailed);
            }
            var profile = await grains.GetGrain<ITenantGrain>(principal.TenantId).GetProfileAsync();
            if (profile is null) return new(null, "unknown tenant");
            if (!profile.Enabled) return new(null, "tenant disabled");
            return new(principal, null);
        }

        var defaultTenant = options.Value.DefaultTenant;
        if (string.IsNullOrEmpty(defaultTenant)) return new(null, AuthenticationRequired);
        var tenant = await grains.GetGrain<ITenantGrain>(defaultTenant).GetProfileAsync();
        if (tenant is not { Enabled: true, Settings.AllowAnonymousStomp: true }) return new(null, AuthenticationRequired);
        return new(new StompPrincipal(defaultTenant, null, Anonymous: true), null);
    }
}
