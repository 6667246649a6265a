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
/// milliseconds, no leading zero) within the configured window of the server's clock — which is what makes a replayed
/// request useless once its window has passed — then <c>sign</c> = MD5(account + timestamp + secret) checked by the
/// account's grain in constant time, then the tenant's IP allow-list.
/// </summary>
public sealed class ApiSignatureVerifier(IGrainFactory grains, TimeProvider clock, IOptions<ManagementOptions> options)
{
    public async Task<SignatureOutcome> VerifyAsync(string? account, string? timestamp, string? sign, IPAddress? remoteAddress)
    {
        if (account is null || timestamp is null || sign is null) return new(null, "signature parameters missing");
        if (!IApiAccountGrain.IsValidName(account)) return new(null, "malformed account");
        if (!IsCanonicalMillis(timestamp, out var millis)) return new(null, "malformed timestamp");

        var skew = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(millis);
        if (skew.Duration() > options.Value.SignatureWindow) return new(null, $"timestamp outside the window ({(long)skew.TotalSeconds} s)");

        var verdict = await grains.GetGrain<IApiAccountGrain>(IApiAccountGrain.KeyFor(account)).VerifyAsync(new SignatureCheck(timestamp, sign));
        if (verdict.Verdict != SignatureVerdict.Valid || verdict.TenantId is not { } tenantId) return new(null, verdict.Verdict.ToString());

        var settings = await grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(tenantId)).GetSettingsAsync();
        if (settings.IpAllowList.Count > 0 && !Allowed(remoteAddress, settings.IpAllowList))
            return new(null, $"address {remoteAddress} is not on tenant {tenantId}'s allow-list", AddressRefused: true);
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
