using System.Net;
using System.Security.Cryptography;
using System.Text;
using CallCenter.Grains.Security;
using CallCenter.Management;
using CallCenter.Management.Accounts;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Management.Accounts;

public sealed class ManagementTenantState
{
    /// <summary>The tenant's API account names (the accounts themselves are global grains): the record of which accounts
    /// are this tenant's, kept for administration.</summary>
    public List<string> Accounts { get; set; } = [];
    public List<string> IpAllowList { get; set; } = [];
    public string? TaskStatusUrl { get; set; }
    public string? ExtensionStatusUrl { get; set; }
    /// <summary>HMAC key of the webhook signatures, encrypted.</summary>
    public string? ProtectedWebhookKey { get; set; }
    /// <summary>Off only when the tenant opted out: then a signature may be used again within its window.</summary>
    public bool ReplayProtection { get; set; } = true;
    public bool RequireHmac { get; set; }
}

[GrainType("mgmt-tenant")]
public sealed class ManagementTenantGrain(
    [PersistentState("management")] IPersistentState<ManagementTenantState> state,
    ISecretProtector secrets,
    ILogger<ManagementTenantGrain> log) : Grain, IManagementTenantGrain
{
    private const int MaxAllowListEntries = 256;
    private byte[]? _webhookKey;

    private string TenantId => ManagementKeys.TenantOf(this.GetPrimaryKeyString());

    public Task<ManagementTenantSettings> GetSettingsAsync() => Task.FromResult(Settings());

    public async Task<ManagementResult<ApiAccountIssued>> AddApiAccountAsync(string account, string? secret = null, DateTimeOffset? expiresAt = null)
    {
        if (!IApiAccountGrain.IsValidName(account)) return ManagementResult<ApiAccountIssued>.Fail(ManagementError.InvalidArgument, "invalid account name");
        var generated = secret is null ? Credentials.ApiSecret() : null;
        var created = await GrainFactory.GetGrain<IApiAccountGrain>(IApiAccountGrain.KeyFor(account))
            .CreateAsync(new ApiAccountCreation(TenantId, secret ?? generated, expiresAt));
        if (!created.Ok) return ManagementResult<ApiAccountIssued>.Fail(created.Error, created.Detail);
        if (!state.State.Accounts.Contains(account))
        {
            state.State.Accounts.Add(account);
            await state.WriteStateAsync();
        }
        return ManagementResult<ApiAccountIssued>.Success(new ApiAccountIssued(created.Value!, generated));
    }

    public async Task<ManagementResult<ManagementTenantSettings>> SetIpAllowListAsync(IReadOnlyList<string> entries)
    {
        if (entries.Count > MaxAllowListEntries) return ManagementResult<ManagementTenantSettings>.Fail(ManagementError.InvalidArgument, $"at most {MaxAllowListEntries} entries");
        var normalized = new List<string>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0) continue;
            // Single addresses are stored as host-length networks, so the edge matches one kind of entry.
            if (IPAddress.TryParse(entry, out var address)) entry = new IPNetwork(address, address.GetAddressBytes().Length * 8).ToString();
            else if (!IPNetwork.TryParse(entry, out _)) return ManagementResult<ManagementTenantSettings>.Fail(ManagementError.InvalidArgument, $"'{Trim(entry)}' is neither an IP address nor a CIDR range");
            if (!normalized.Contains(entry)) normalized.Add(entry);
        }
        state.State.IpAllowList = normalized;
        await state.WriteStateAsync();
        log.LogInformation("Tenant {TenantId}: management IP allow-list set to {Count} entries", TenantId, normalized.Count);
        return ManagementResult<ManagementTenantSettings>.Success(Settings());
    }

    public async Task<ManagementResult<WebhookConfigured>> SetWebhooksAsync(string? taskStatusUrl, string? extensionStatusUrl, bool rotateKey = false)
    {
        if (!ValidUrl(taskStatusUrl) || !ValidUrl(extensionStatusUrl))
            return ManagementResult<WebhookConfigured>.Fail(ManagementError.InvalidArgument, "notification URLs must be absolute http(s) URLs");
        state.State.TaskStatusUrl = Empty(taskStatusUrl);
        state.State.ExtensionStatusUrl = Empty(extensionStatusUrl);
        string? newKey = null;
        if (state.State.ProtectedWebhookKey is null || rotateKey)
        {
            newKey = Credentials.WebhookKey();
            state.State.ProtectedWebhookKey = secrets.Protect(newKey);
            _webhookKey = null;
        }
        await state.WriteStateAsync();
        return ManagementResult<WebhookConfigured>.Success(new WebhookConfigured(Settings(), newKey));
    }

    public async Task<ManagementResult<ManagementTenantSettings>> SetSignaturePolicyAsync(bool? replayProtection, bool? requireHmac)
    {
        if (replayProtection is { } replay) state.State.ReplayProtection = replay;
        if (requireHmac is { } hmac) state.State.RequireHmac = hmac;
        await state.WriteStateAsync();
        log.LogInformation("Tenant {TenantId}: signature replay protection {Replay}, HMAC-SHA256 {Hmac}", TenantId,
            state.State.ReplayProtection ? "on" : "off", state.State.RequireHmac ? "required" : "optional");
        return ManagementResult<ManagementTenantSettings>.Success(Settings());
    }

    public Task<WebhookDispatch?> SignWebhookAsync(WebhookKind kind, string body, long timestampMs)
    {
        var url = kind == WebhookKind.TaskStatus ? state.State.TaskStatusUrl : state.State.ExtensionStatusUrl;
        if (url is null || state.State.ProtectedWebhookKey is null) return Task.FromResult<WebhookDispatch?>(null);
        _webhookKey ??= Convert.FromBase64String(secrets.Unprotect(state.State.ProtectedWebhookKey));
        var signature = HMACSHA256.HashData(_webhookKey, Encoding.UTF8.GetBytes(timestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + body));
        return Task.FromResult<WebhookDispatch?>(new WebhookDispatch(url, Convert.ToHexStringLower(signature)));
    }

    private ManagementTenantSettings Settings()
        => new(TenantId, state.State.IpAllowList.ToList(), state.State.TaskStatusUrl, state.State.ExtensionStatusUrl, state.State.ProtectedWebhookKey is not null,
            state.State.ReplayProtection, state.State.RequireHmac);

    private static bool ValidUrl(string? url)
        => string.IsNullOrWhiteSpace(url)
           || (url.Length <= 2048 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Trim(string value) => value.Length > 60 ? value[..60] + "…" : value;
}
