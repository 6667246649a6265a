using CallCenter.Edge.Tenancy;
using CallCenter.Management.Accounts;
using CallCenter.Runtime.Outbound;
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
        callcenter.MapMethods(Base + "/setSignaturePolicy/v1", ["POST"], SetSignaturePolicyAsync);
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

    private static async Task<IResult> SetNotifyUrlAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options, OutboundHttp outbound)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var rotate = p.OptionalChoice("rotateKey", 0, 1) == 1;
        var taskStatusUrl = p.Optional("taskStatusUrl", 2048);
        var extStatusUrl = p.Optional("extStatusUrl", 2048);
        // Refused here, while the caller can fix it; every delivery is checked again when it connects.
        var policy = await outbound.PolicyForAsync(http.GetTenant().TenantId);
        foreach (var (name, url) in new[] { ("taskStatusUrl", taskStatusUrl), ("extStatusUrl", extStatusUrl) })
        {
            if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out _)) continue; // the grain answers malformed URLs
            if (await outbound.CheckUrlAsync(policy, url.Trim(), http.RequestAborted) is { } refusal)
                return ManagementEnvelope.Fail(ManagementCodes.ValueNotAllowed, $"参数 {name} 指向不允许的地址: {refusal}");
        }
        var result = await Tenant(http, grains).SetWebhooksAsync(taskStatusUrl, extStatusUrl, rotate);
        // The signing key is shown only when it is created or rotated.
        if (result.Ok) http.Response.Headers.CacheControl = "no-store";
        return ManagementEnvelope.From(result, c => new { settings = ToWire(c.Settings), signingKey = c.NewSigningKey });
    }

    /// <summary><c>replayProtection</c> 0 opts out of refusing reused signatures; <c>requireHmac</c> 1 refuses MD5.</summary>
    private static async Task<IResult> SetSignaturePolicyAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var replay = p.OptionalChoice("replayProtection", 0, 1);
        var hmac = p.OptionalChoice("requireHmac", 0, 1);
        var result = await Tenant(http, grains).SetSignaturePolicyAsync(replay is null ? null : replay == 1, hmac is null ? null : hmac == 1);
        return ManagementEnvelope.From(result, ToWire);
    }

    private static object ToWire(ManagementTenantSettings s) => new
    {
        replayProtection = s.ReplayProtection ? 1 : 0,
        requireHmac = s.RequireHmac ? 1 : 0,
        ipWhitelist = s.IpAllowList,
        taskStatusUrl = s.TaskStatusUrl,
        extStatusUrl = s.ExtensionStatusUrl,
        hasSigningKey = s.HasWebhookKey,
    };

    private static IManagementTenantGrain Tenant(HttpContext http, IGrainFactory grains)
        => grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(http.GetTenant().TenantId));
}
