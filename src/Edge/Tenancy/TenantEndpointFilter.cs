using CallCenter.Edge.Dialects;
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
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var services = http.RequestServices;
        var errors = services.GetRequiredService<TErrorShape>();
        var resolution = await services.GetRequiredService<TResolver>().ResolveAsync(http);
        if (resolution.Failure is { } failure) return errors.Render(failure);
        var tenant = resolution.Tenant!;

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
