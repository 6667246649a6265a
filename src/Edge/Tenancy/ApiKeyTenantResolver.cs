using CallCenter.Edge.Dialects;
using CallCenter.Edge.Security;
using CallCenter.Tenancy;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Tenancy;

/// <summary>Options of <see cref="ApiKeyTenantResolver"/> for one dialect.</summary>
public sealed class ApiKeyTenantOptions
{
    /// <summary>The request header that carries the API key.</summary>
    public string HeaderName { get; set; } = "X-Api-Key";

    /// <summary>
    /// The tenant of requests that carry no key. The original operator console had no authentication, so a listener
    /// dedicated to one customer answers for that customer (the demo tenant in the embedded run); empty in a shared
    /// production listener, where a key is then required.
    /// </summary>
    public string? DefaultTenant { get; set; }
}

/// <summary>Resolves a tenant from an API key header, or the listener's default tenant when there is no key.</summary>
public sealed class ApiKeyTenantResolver(IGrainFactory grains, IOptionsMonitor<ApiKeyTenantOptions> options, string dialect) : ITenantResolver
{
    /// <summary>A key carries no name: every wrong key from one address counts against that address together.</summary>
    public LoginClaim? Claim(HttpContext context)
        => string.IsNullOrEmpty(context.Request.Headers[options.Get(dialect).HeaderName].ToString()) ? null : new LoginClaim(dialect + "-key");

    public async ValueTask<TenantResolution> ResolveAsync(HttpContext context)
    {
        var settings = options.Get(dialect);
        var key = context.Request.Headers[settings.HeaderName].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return string.IsNullOrEmpty(settings.DefaultTenant)
                ? TenantResolution.Refused(DialectFailure.Unauthenticated("api_key_required"))
                : TenantResolution.Resolved(new TenantContext(settings.DefaultTenant, dialect));
        }
        var tenant = await grains.GetGrain<IApiKeyGrain>(IApiKeyGrain.KeyFor(key)).GetTenantAsync();
        return tenant is null
            ? TenantResolution.Refused(DialectFailure.Unauthenticated("invalid_api_key"))
            : TenantResolution.Resolved(new TenantContext(tenant, dialect, "api-key"));
    }
}
