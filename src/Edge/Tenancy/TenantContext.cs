namespace CallCenter.Edge.Tenancy;

/// <summary>The tenant a request was resolved to, set before any grain is called (DESIGN.md §7).</summary>
/// <param name="TenantId">The tenant every grain key of this request starts with.</param>
/// <param name="Dialect">Which API family resolved it ("opr", "management", "ola", "workbench").</param>
/// <param name="Principal">Who is calling within the tenant (API account, user, agent), for logs and audit; never a secret.</param>
public sealed record TenantContext(string TenantId, string Dialect, string? Principal = null);

public static class TenantContextHttpExtensions
{
    /// <summary>The request's tenant; throws if an endpoint forgot tenant resolution, which is a programming error.</summary>
    public static TenantContext GetTenant(this HttpContext context)
        => context.Features.Get<TenantContext>() ?? throw new InvalidOperationException($"no tenant was resolved for {context.Request.Path}: the endpoint group lacks WithTenantResolution");
}
