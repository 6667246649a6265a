using System.Globalization;
using System.Net;
using CallCenter.Management.Accounts;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Http;

/// <summary>The outcome of checking a signed request: the tenant, or why not (for the log only, never for the caller).</summary>
public readonly record struct SignatureOutcome(string? TenantId, string? Refusal, bool AddressRefused = false)
{
    public bool Valid => TenantId is not null;
}

/// <summary>
/// The management API's request signature, shared by REST and STOMP CONNECT: the timestamp (decimal epoch
/// milliseconds, no leading zero) within the configured window of the server's clock; then <c>sign</c> checked by the
/// account's grain in constant time — the legacy MD5(account + timestamp + secret), or with <c>sign-method:
/// HMAC-SHA256</c> the strong scheme over the request (<see cref="HmacRequestSignature"/>); then the tenant's settings:
/// MD5 refused if it requires HMAC, the IP allow-list, and last (so only signatures that passed are remembered) the
/// replay guard, which accepts each (account, timestamp, sign) once within its window unless the tenant opted out.
/// </summary>
public sealed class ApiSignatureVerifier(IGrainFactory grains, TimeProvider clock, IOptions<ManagementOptions> options)
{
    /// <param name="signMethod">Null or "MD5": the legacy scheme; "HMAC-SHA256": the strong one over <paramref name="request"/>.</param>
    public async Task<SignatureOutcome> VerifyAsync(string? account, string? timestamp, string? sign, IPAddress? remoteAddress,
        string? signMethod = null, SignedRequestParts? request = null)
    {
        if (account is null || timestamp is null || sign is null) return new(null, "signature parameters missing");
        if (!IApiAccountGrain.IsValidName(account)) return new(null, "malformed account");
        if (!IsCanonicalMillis(timestamp, out var millis)) return new(null, "malformed timestamp");
        var hmac = signMethod is not null && signMethod.Equals(HmacRequestSignature.Method, StringComparison.OrdinalIgnoreCase);
        if (!hmac && signMethod is not null && !signMethod.Equals("MD5", StringComparison.OrdinalIgnoreCase)) return new(null, "unknown sign-method");
        if (hmac && request is null) return new(null, "HMAC-SHA256 without a request to cover");

        var signedAt = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        var skew = clock.GetUtcNow() - signedAt;
        if (skew.Duration() > options.Value.SignatureWindow) return new(null, $"timestamp outside the window ({(long)skew.TotalSeconds} s)");

        var check = new SignatureCheck(timestamp, sign, hmac ? HmacRequestSignature.Canonical(account, timestamp, request!) : null);
        var verdict = await grains.GetGrain<IApiAccountGrain>(IApiAccountGrain.KeyFor(account)).VerifyAsync(check);
        if (verdict.Verdict != SignatureVerdict.Valid || verdict.TenantId is not { } tenantId) return new(null, (hmac ? "HMAC-SHA256: " : "MD5: ") + verdict.Verdict);

        var settings = await grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(tenantId)).GetSettingsAsync();
        if (settings.RequireHmac && !hmac) return new(null, $"tenant {tenantId} requires HMAC-SHA256 signatures; MD5 refused");
        if (settings.IpAllowList.Count > 0 && !Allowed(remoteAddress, settings.IpAllowList))
            return new(null, $"address {remoteAddress} is not on tenant {tenantId}'s allow-list", AddressRefused: true);
        if (settings.ReplayProtection)
        {
            // Hex in either case is the same signature.
            var use = new SignatureUse(account + "\n" + timestamp + "\n" + sign.ToLowerInvariant(), signedAt + options.Value.SignatureWindow);
            var replay = await grains.GetGrain<ISignatureReplayGrain>(ISignatureReplayGrain.KeyFor(tenantId)).TryUseAsync(use);
            if (replay != SignatureUseVerdict.First) return new(null, replay == SignatureUseVerdict.Replayed ? "signature already used (replay)" : "replay guard full");
        }
        return new(tenantId, null);
    }

    /// <summary>One spelling per instant, so "0123" cannot be a second valid signature for "123".</summary>
    private static bool IsCanonicalMillis(string text, out long millis)
    {
        millis = 0;
        return text.Length is > 0 and <= 15 && text[0] != '0' && text.All(char.IsAsciiDigit)
               && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out millis);
    }

    private static bool Allowed(IPAddress? address, IReadOnlyList<string> allowList)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var entry in allowList)
        {
            if (IPNetwork.TryParse(entry, out var network) && network.Contains(address)) return true;
        }
        return false;
    }
}
