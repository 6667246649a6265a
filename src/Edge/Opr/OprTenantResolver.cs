using CallCenter.Edge.Tenancy;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Opr;

/// <summary>The operator console's tenant: the shared <see cref="ApiKeyTenantResolver"/> with the options named "opr"
/// (an API key header, or the listener's default tenant). A type of its own so another dialect using API keys can
/// register its own resolver beside it.</summary>
public sealed class OprTenantResolver(IGrainFactory grains, IOptionsMonitor<ApiKeyTenantOptions> options) : ITenantResolver
{
    public const string Dialect = "opr";

    private readonly ApiKeyTenantResolver _inner = new(grains, options, Dialect);

    public ValueTask<TenantResolution> ResolveAsync(HttpContext context) => _inner.ResolveAsync(context);

    public Security.LoginClaim? Claim(HttpContext context) => _inner.Claim(context);
}
