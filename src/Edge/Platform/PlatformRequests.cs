namespace CallCenter.Edge.Platform;

internal sealed record CreateTenantRequest(string? TenantId, string? Name, string? SipDomain, bool? AllowAnonymousStomp, List<string>? OutboundAllowList);

internal sealed record UpdateTenantRequest(bool? Enabled, bool? AllowAnonymousStomp, List<string>? OutboundAllowList);

internal sealed record CreateManagementAccountRequest(string? Account, DateTimeOffset? ExpiresAt);

internal sealed record RevokeApiKeyRequest(string? ApiKey);
