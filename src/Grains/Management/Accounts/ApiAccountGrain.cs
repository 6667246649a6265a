using System.Security.Cryptography;
using System.Text;
using CallCenter.Grains.Security;
using CallCenter.Management;
using CallCenter.Management.Accounts;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Management.Accounts;

public sealed class ApiAccountState
{
    public string? TenantId { get; set; }
    /// <summary>Encrypted: the MD5 signature scheme needs the secret in clear, so it cannot be hashed.</summary>
    public string? ProtectedSecret { get; set; }
    public bool Enabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}

[GrainType("mgmt-api-account")]
public sealed class ApiAccountGrain(
    [PersistentState("account")] IPersistentState<ApiAccountState> state,
    ISecretProtector secrets,
    TimeProvider clock,
    ILogger<ApiAccountGrain> log) : Grain, IApiAccountGrain
{
    // Decrypting on every request would cost an AES-GCM operation per signed call; the clear secret lives only in this
    // activation's memory.
    private string? _secret;

    private string Account => ManagementKeys.ApiAccountName(this.GetPrimaryKeyString());

    public Task<ApiAccountInfo?> GetAsync() => Task.FromResult(state.State.TenantId is null ? null : Info());

    public async Task<ManagementResult<ApiAccountInfo>> CreateAsync(ApiAccountCreation request)
    {
        if (!IApiAccountGrain.IsValidName(Account)) return ManagementResult<ApiAccountInfo>.Fail(ManagementError.InvalidArgument, "invalid account name");
        if (state.State.TenantId is { } owner)
        {
            // The demo seed runs on every start: the same tenant and secret again is a no-op, anything else is a clash.
            var same = owner == request.TenantId && (request.Secret is null || FixedTimeEquals(Secret(), request.Secret));
            return same ? ManagementResult<ApiAccountInfo>.Success(Info()) : ManagementResult<ApiAccountInfo>.Fail(ManagementError.AccountExists, "account name is taken");
        }
        var secret = request.Secret ?? Credentials.ApiSecret();
        if (secret.Length is < 8 or > 128 || secret.Any(char.IsControl))
            return ManagementResult<ApiAccountInfo>.Fail(ManagementError.InvalidArgument, "a secret must be 8 to 128 printable characters");
        state.State = new ApiAccountState
        {
            TenantId = request.TenantId,
            ProtectedSecret = secrets.Protect(secret),
            Enabled = true,
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = request.ExpiresAt,
        };
        await state.WriteStateAsync();
        _secret = secret;
        log.LogInformation("Management API account {Account} created for tenant {TenantId}", Account, request.TenantId);
        return ManagementResult<ApiAccountInfo>.Success(Info());
    }

    public Task<SignatureVerification> VerifyAsync(SignatureCheck check)
    {
        var account = state.State;
        if (account.TenantId is null) return Task.FromResult(new SignatureVerification(SignatureVerdict.UnknownAccount));
        if (!account.Enabled) return Task.FromResult(new SignatureVerification(SignatureVerdict.Disabled));
        if (account.ExpiresAt is { } expires && expires <= clock.GetUtcNow()) return Task.FromResult(new SignatureVerification(SignatureVerdict.Expired));

        // The strong scheme covers the request (the edge's canonical text, which names account and timestamp); the legacy
        // one only account and timestamp.
        var expected = check.CanonicalRequest is { } canonical
            ? HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret()), Encoding.UTF8.GetBytes(canonical))
            : MD5.HashData(Encoding.UTF8.GetBytes(Account + check.Timestamp + Secret()));
        // Hex of either case: the original emits upper case, most client libraries lower case.
        var valid = check.Sign.Length == expected.Length * 2 && TryParseHex(check.Sign, out var given) && CryptographicOperations.FixedTimeEquals(expected, given);
        return Task.FromResult(valid ? new SignatureVerification(SignatureVerdict.Valid, account.TenantId) : new SignatureVerification(SignatureVerdict.BadSignature));
    }

    public Task<ManagementResult<ApiAccountInfo>> SetEnabledAsync(bool enabled) => UpdateAsync(s => s.Enabled = enabled);

    public Task<ManagementResult<ApiAccountInfo>> SetExpiryAsync(DateTimeOffset? expiresAt) => UpdateAsync(s => s.ExpiresAt = expiresAt);

    private async Task<ManagementResult<ApiAccountInfo>> UpdateAsync(Action<ApiAccountState> change)
    {
        if (state.State.TenantId is null) return ManagementResult<ApiAccountInfo>.Fail(ManagementError.NothingDone, "no such account");
        change(state.State);
        await state.WriteStateAsync();
        return ManagementResult<ApiAccountInfo>.Success(Info());
    }

    private string Secret() => _secret ??= secrets.Unprotect(state.State.ProtectedSecret!);

    private ApiAccountInfo Info() => new(Account, state.State.TenantId!, state.State.Enabled, state.State.CreatedAt, state.State.ExpiresAt);

    private static bool FixedTimeEquals(string a, string b)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static bool TryParseHex(string hex, out byte[] bytes)
    {
        bytes = new byte[hex.Length / 2];
        return Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == bytes.Length;
    }
}
