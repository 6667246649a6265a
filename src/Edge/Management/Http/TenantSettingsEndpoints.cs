using CallCenter.Edge.Tenancy;
using CallCenter.Management.Accounts;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Http;

/// <summary>
/// Not in the spec: how a tenant sets what the spec asks for but gives no endpoint for — the IP allow-list ("做访问IP
/// 白名单") and the URLs of its outgoing notifications. Signed like every other request.
/// </summary>
internal static class TenantSettingsEndpoints
{
    private const string Base = "/tenant/api";

    public static void Map(RouteGroupBuilder callcenter)
    {
        callcenter.MapMethods(Base + "/getSettings/v1", ["GET", "POST"], GetAsync);
        callcenter.MapMethods(Base + "/setIpWhitelist/v1", ["POST"], SetIpWhitelistAsync);
        callcenter.MapMethods(Base + "/setNotifyUrl/v1", ["POST"], SetNotifyUrlAsync);
    }

    private static async Task<IResult> GetAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        return ManagementEnvelope.Ok(ToWire(await Tenant(http, grains).GetSettingsAsync()));
    }

    private static async Task<IResult> SetIpWhitelistAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        // Empty clears the list (every address allowed); entries separated by commas, semicolons or whitespace.
        var text = p.Optional("ipWhitelist", 16_384) ?? "";
        var entries = text.Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var result = await Tenant(http, grains).SetIpAllowListAsync(entries);
        return ManagementEnvelope.From(result, ToWire);
    }

    private static async Task<IResult> SetNotifyUrlAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var rotate = p.OptionalChoice("rotateKey", 0, 1) == 1;
        var result = await Tenant(http, grains).SetWebhooksAsync(p.Optional("taskStatusUrl", 2048), p.Optional("extStatusUrl", 2048), rotate);
        // The signing key is shown only when it is created or rotated.
        if (result.Ok) http.Response.Headers.CacheControl = "no-store";
        return ManagementEnvelope.From(result, c => new { settings = ToWire(c.Settings), signingKey = c.NewSigningKey });
    }

    private static object ToWire(ManagementTenantSettings s) => new
    {
        ipWhitelist = s.IpAllowList,
        taskStatusUrl = s.TaskStatusUrl,
        extStatusUrl = s.ExtensionStatusUrl,
        hasSigningKey = s.HasWebhookKey,
    };

    private static IManagementTenantGrain Tenant(HttpContext http, IGrainFactory grains)
        => grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(http.GetTenant().TenantId));
}
