
namespace CallCenter.Management.Accounts;

/// <summary>
/// One management-API account (the <c>account</c> of <c>sign=MD5(account+timestamp+secret)</c>): a global grain, because a
/// signed request names only the account, and the account decides the tenant. Key: <see cref="KeyFor"/>.
/// </summary>
/// <remarks>The MD5 scheme needs the secret in clear on the server, so it is kept encrypted (not hashed) and never leaves
/// this grain: the edge hands over timestamp and signature and gets a verdict back.</remarks>
[Alias("management.accounts.IApiAccountGrain")]
public interface IApiAccountGrain : IGrainWithStringKey
{
    /// <returns>The account, or null if it does not exist.</returns>
    Task<ApiAccountInfo?> GetAsync();

    /// <summary>Creates the account for a tenant. Idempotent for the same tenant and secret (the demo seed runs on every
    /// start); an account name another tenant holds, or the same name with another secret, is refused.</summary>
    Task<ManagementResult<ApiAccountInfo>> CreateAsync(ApiAccountCreation request);

    /// <summary>Checks a request signature in constant time. The timestamp window is the edge's business (it owns the clock
    /// skew policy); this checks existence, enabled, expiry and the MD5.</summary>
    Task<SignatureVerification> VerifyAsync(SignatureCheck check);

    Task<ManagementResult<ApiAccountInfo>> SetEnabledAsync(bool enabled);

    Task<ManagementResult<ApiAccountInfo>> SetExpiryAsync(DateTimeOffset? expiresAt);

    /// <summary>Account names are what clients send; they are case-sensitive as the signature is.</summary>
    public static string KeyFor(string account) => ManagementKeys.ApiAccount(account);

    /// <summary>Letters, digits and <c>_ . @ -</c>, 1 to 64 characters: safe in grain keys, headers and logs.</summary>
    public static bool IsValidName(string? account)
        => account is { Length: > 0 and <= 64 } && account.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '@' or '-');
}

/// <param name="Secret">Null: generate a strong random secret (returned once in <see cref="ApiAccountInfo"/>'s issuer
/// call). Given: used as is (the demo tenant's published secret).</param>
[GenerateSerializer, Immutable, Alias("management.accounts.ApiAccountCreation")]
public sealed record ApiAccountCreation(string TenantId, string? Secret, DateTimeOffset? ExpiresAt = null);

/// <summary>An API account as administrators see it. Never carries the secret.</summary>
[GenerateSerializer, Immutable, Alias("management.accounts.ApiAccountInfo")]
public sealed record ApiAccountInfo(string Account, string TenantId, bool Enabled, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>What a signed request carried, as received (the timestamp as its decimal text, the signature as hex).</summary>
/// <param name="CanonicalRequest">Null: the legacy <c>sign</c> = MD5(account + timestamp + secret). Else the strong
/// scheme: <c>sign</c> = HMAC-SHA256 keyed with the secret over this text (method, path, query, body hash, timestamp;
/// docs/management-api.md), built by the edge from the request.</param>
[GenerateSerializer, Immutable, Alias("management.accounts.SignatureCheck")]
public sealed record SignatureCheck(string Timestamp, string Sign, string? CanonicalRequest = null);

[GenerateSerializer, Alias("management.accounts.SignatureVerdict")]
public enum SignatureVerdict
{
    Valid,
    UnknownAccount,
    Disabled,
    Expired,
    BadSignature,
}

/// <param name="TenantId">The account's tenant when <see cref="Verdict"/> is <see cref="SignatureVerdict.Valid"/>.</param>
[GenerateSerializer, Immutable, Alias("management.accounts.SignatureVerification")]
public sealed record SignatureVerification(SignatureVerdict Verdict, string? TenantId = null);
