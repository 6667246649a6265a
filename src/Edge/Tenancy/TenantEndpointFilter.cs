using CallCenter.Edge.Dialects;
using CallCenter.Edge.Security;
using CallCenter.Tenancy;

namespace CallCenter.Edge.Tenancy;

/// <summary>
/// Resolves the tenant before the endpoint runs, refuses unknown or disabled tenants in the dialect's own error shape,
/// and makes the tenant available through <see cref="TenantContextHttpExtensions.GetTenant"/>.
/// </summary>
internal sealed class TenantEndpointFilter<TResolver, TErrorShape> : IEndpointFilter
    where TResolver : ITenantResolver
    where TErrorShape : IDialectErrorShape
{
    private static DialectFailure LockedOut(TimeSpan wait) => DialectFailure.TooManyRequests("too many failed logins", wait);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var services = http.RequestServices;
        var errors = services.GetRequiredService<TErrorShape>();
        var resolver = services.GetRequiredService<TResolver>();
        var guard = services.GetRequiredService<LoginGuard>();
        var claim = resolver.Claim(http);
        var address = http.Connection.RemoteIpAddress;
        // A locked-out claimant is refused before its credentials are even looked at, right or wrong.
        if (claim is not null && guard.KnownLockout(claim, address) is { } lockedFor) return errors.Render(LockedOut(lockedFor));
        var resolution = await resolver.ResolveAsync(http);
        if (resolution.Failure is { } failure)
        {
            if (claim is not null && failure.Kind == FailureKind.Unauthenticated && await guard.FailedAsync(claim, address) is { } nowLockedFor)
                return errors.Render(LockedOut(nowLockedFor));
            return errors.Render(failure);
        }
        var tenant = resolution.Tenant!;
        if (claim is not null) await guard.SucceededAsync(claim, address);
        if (services.GetRequiredService<TenantRateLimiter>().TryAcquire(tenant) is { } wait)
            return errors.Render(DialectFailure.TooManyRequests("rate limit exceeded", wait));

        var profile = await services.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(tenant.TenantId).GetProfileAsync();
        if (profile is null) return errors.Render(DialectFailure.Unauthenticated("unknown_tenant"));
        if (!profile.Enabled) return errors.Render(DialectFailure.Unauthenticated("tenant_disabled"));

        http.Features.Set(tenant);
        using (services.GetRequiredService<ILoggerFactory>().CreateLogger("CallCenter.Edge").BeginScope(new Dictionary<string, object> { ["TenantId"] = tenant.TenantId, ["Dialect"] = tenant.Dialect }))
        {
            return await next(invocation);
        }
    }
}

public static class TenantEndpointFilterExtensions
{
    /// <summary>Every endpoint of the group resolves its tenant with <typeparamref name="TResolver"/> first and answers
    /// refusals in <typeparamref name="TErrorShape"/>. Both must be registered in DI.</summary>
    public static RouteGroupBuilder WithTenantResolution<TResolver, TErrorShape>(this RouteGroupBuilder builder)
        where TResolver : ITenantResolver
        where TErrorShape : IDialectErrorShape
        => builder.AddEndpointFilter(new TenantEndpointFilter<TResolver, TErrorShape>());

    public static RouteHandlerBuilder WithTenantResolution<TResolver, TErrorShape>(this RouteHandlerBuilder builder)
        where TResolver : ITenantResolver
        where TErrorShape : IDialectErrorShape
        => builder.AddEndpointFilter(new TenantEndpointFilter<TResolver, TErrorShape>());
}
