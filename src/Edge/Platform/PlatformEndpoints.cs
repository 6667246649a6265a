using System.Security.Cryptography;
using System.Text.Json;
using CallCenter.Edge.Json;
using CallCenter.Management.Accounts;
using CallCenter.Runtime.Outbound;
using CallCenter.Tenancy;

namespace CallCenter.Edge.Platform;

/// <summary>
/// <c>/platform/...</c>: onboarding of tenants by whoever runs CallCenter. Creates tenants, switches them off, and issues
/// the credentials each dialect resolves tenants by (operator-console API keys, management API accounts). Generated
/// secrets are returned once and cannot be read back.
/// </summary>
internal static class PlatformEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxOutboundAllowListEntries = 256;

    public static void MapPlatformApi(this IEndpointRouteBuilder app)
    {
        var platform = app.MapGroup("/platform").AddEndpointFilter<PlatformAdminFilter>();
        platform.MapPost("/tenants", CreateTenantAsync);
        platform.MapGet("/tenants", ListTenantsAsync);
        platform.MapGet("/tenants/{tenantId}", GetTenantAsync);
        platform.MapPatch("/tenants/{tenantId}", UpdateTenantAsync);
        platform.MapPost("/tenants/{tenantId}/api-keys", IssueApiKeyAsync);
        platform.MapPost("/tenants/{tenantId}/api-keys/revoke", RevokeApiKeyAsync);
        platform.MapPost("/tenants/{tenantId}/management-accounts", CreateManagementAccountAsync);
    }

    private static async Task<IResult> CreateTenantAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await ReadAsync<CreateTenantRequest>(request);
        if (error is not null) return error;
        if (!TenantIds.IsValid(body!.TenantId)) return PlatformResults.Error(400, $"tenantId must be 1-{TenantIds.MaxLength} lower-case letters, digits or '-', starting with a letter or digit");
        if (string.IsNullOrWhiteSpace(body.Name)) return PlatformResults.Error(400, "name is required");
        if (string.IsNullOrWhiteSpace(body.SipDomain) || body.SipDomain.Length > 253 || !body.SipDomain.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
            return PlatformResults.Error(400, "sipDomain must be a DNS name");

        var tenant = grains.GetGrain<ITenantGrain>(body.TenantId!);
        if (await tenant.GetProfileAsync() is not null) return PlatformResults.Error(409, $"tenant {body.TenantId} already exists");
        var owner = await grains.GetGrain<ISipDomainGrain>(ISipDomainGrain.KeyFor(body.SipDomain)).GetTenantAsync();
        if (owner is not null && owner != body.TenantId) return PlatformResults.Error(409, $"SIP domain {body.SipDomain} belongs to another tenant");

        var (allowList, invalid) = OutboundAllowList(body.OutboundAllowList);
        if (invalid is not null) return invalid;
        var profile = await tenant.ProvisionAsync(new TenantProvisioning(body.Name.Trim(), body.SipDomain.ToLowerInvariant(), new TenantSettings(body.AllowAnonymousStomp ?? false, allowList)));
        return Results.Json(profile, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListTenantsAsync(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.Key).ListAsync();
        var profiles = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITenantGrain>(id).GetProfileAsync()));
        return Results.Json(profiles.Where(p => p is not null));
    }

    private static async Task<IResult> GetTenantAsync(string tenantId, IGrainFactory grains)
        => TenantIds.IsValid(tenantId) && await grains.GetGrain<ITenantGrain>(tenantId).GetProfileAsync() is { } profile
            ? Results.Json(profile)
            : PlatformResults.Error(404, $"no tenant {tenantId}");

    private static async Task<IResult> UpdateTenantAsync(string tenantId, HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await ReadAsync<UpdateTenantRequest>(request);
        if (error is not null) return error;
        if (!TenantIds.IsValid(tenantId) || await grains.GetGrain<ITenantGrain>(tenantId).GetProfileAsync() is not { } profile)
            return PlatformResults.Error(404, $"no tenant {tenantId}");
        var tenant = grains.GetGrain<ITenantGrain>(tenantId);
        var (allowList, invalid) = OutboundAllowList(body!.OutboundAllowList);
        if (invalid is not null) return invalid;
        if (body.AllowAnonymousStomp is { } anonymous) profile = await tenant.UpdateSettingsAsync(profile.Settings with { AllowAnonymousStomp = anonymous });
        if (allowList is not null) profile = await tenant.UpdateSettingsAsync(profile.Settings with { OutboundAllowList = allowList });
        if (body.Enabled is { } enabled) profile = await tenant.SetEnabledAsync(enabled);
        return Results.Json(profile);
    }

    private static async Task<IResult> IssueApiKeyAsync(string tenantId, IGrainFactory grains)
    {
        if (!TenantIds.IsValid(tenantId) || await grains.GetGrain<ITenantGrain>(tenantId).GetProfileAsync() is null)
            return PlatformResults.Error(404, $"no tenant {tenantId}");
        var apiKey = "cck_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        await grains.GetGrain<IApiKeyGrain>(IApiKeyGrain.KeyFor(apiKey)).AssignAsync(tenantId);
        return Results.Json(new { tenantId, apiKey, header = "X-Api-Key" }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeApiKeyAsync(string tenantId, HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await ReadAsync<RevokeApiKeyRequest>(request);
        if (error is not null) return error;
        if (string.IsNullOrEmpty(body!.ApiKey)) return PlatformResults.Error(400, "apiKey is required");
        var key = grains.GetGrain<IApiKeyGrain>(IApiKeyGrain.KeyFor(body.ApiKey));
        // A key of another tenant is reported as unknown: the platform admin is trusted, but a typo must not revoke
        // someone else's key.
        if (await key.GetTenantAsync() != tenantId) return PlatformResults.Error(404, "no such API key for this tenant");
        await key.RevokeAsync();
        return Results.NoContent();
    }

    private static async Task<IResult> CreateManagementAccountAsync(string tenantId, HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await ReadAsync<CreateManagementAccountRequest>(request);
        if (error is not null) return error;
        if (!TenantIds.IsValid(tenantId) || await grains.GetGrain<ITenantGrain>(tenantId).GetProfileAsync() is null)
            return PlatformResults.Error(404, $"no tenant {tenantId}");
        var account = string.IsNullOrEmpty(body!.Account) ? $"{tenantId}-{Base64Url(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant()}" : body.Account;
        if (!IApiAccountGrain.IsValidName(account)) return PlatformResults.Error(400, "account must be 1-64 letters, digits or _ . @ -");
        var grain = grains.GetGrain<IApiAccountGrain>(IApiAccountGrain.KeyFor(account));
        if (await grain.GetAsync() is not null) return PlatformResults.Error(409, $"account {account} already exists");
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var created = await grain.CreateAsync(new ApiAccountCreation(tenantId, secret, body.ExpiresAt));
        if (!created.Ok) return PlatformResults.Error(409, created.Detail ?? created.Error.ToString());
        return Results.Json(new { account, secret, tenantId, expiresAt = body.ExpiresAt }, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The operator's outbound allow-list of a tenant in stored form; null when the request does not set it
    /// (an empty list clears it).</summary>
    private static (IReadOnlyList<string>? Entries, IResult? Error) OutboundAllowList(List<string>? entries)
    {
        if (entries is null) return (null, null);
        if (entries.Count > MaxOutboundAllowListEntries) return (null, PlatformResults.Error(400, $"outboundAllowList: at most {MaxOutboundAllowListEntries} entries"));
        var normalized = new List<string>();
        foreach (var raw in entries)
        {
            if (raw is null) return (null, PlatformResults.Error(400, "outboundAllowList: null entry"));
            if (!OutboundPolicy.TryNormalize(raw, out var entry, out var reason)) return (null, PlatformResults.Error(400, $"outboundAllowList: {reason}"));
            if (!normalized.Contains(entry)) normalized.Add(entry);
        }
        return (normalized, null);
    }

    private static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (request.ContentLength is > MaxBodyBytes) return (null, PlatformResults.Error(413, $"body larger than {MaxBodyBytes} bytes"));
        if (!request.HasJsonContentType()) return (null, PlatformResults.Error(415, "send application/json"));
        try
        {
            using var limited = new MemoryStream();
            var buffer = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0)
            {
                if (limited.Length + read > MaxBodyBytes) return (null, PlatformResults.Error(413, $"body larger than {MaxBodyBytes} bytes"));
                limited.Write(buffer, 0, read);
            }
            var bytes = limited.GetBuffer().AsSpan(0, (int)limited.Length);
            // The shared rule (docs/compatibility.md): a repeated key or invalid UTF-8 is refused, never first- or last-wins.
            if (StrictJson.Check(bytes) is { Kind: not StrictJsonProblemKind.Malformed } problem) return (null, PlatformResults.Error(400, $"malformed JSON: {problem.Describe()}"));
            var body = limited.Length == 0 ? null : JsonSerializer.Deserialize<T>(bytes, Json);
            return body is null ? (null, PlatformResults.Error(400, "a JSON object is required")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, PlatformResults.Error(400, $"malformed JSON: {e.Message}"));
        }
    }

    // Web defaults match names case-insensitively: "tenantId" and "TenantId" in one body are a duplicate too.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
