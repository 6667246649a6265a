using System.Security.Cryptography;
using System.Text;
using CallCenter.Edge.Dialects;
using CallCenter.Edge.Security;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Platform;

/// <summary>Admits only requests carrying <c>Authorization: Bearer {Platform:AdminKey}</c>, compared in constant time.
/// Repeated wrong keys from one address lock that address out (429 with Retry-After), as for every other login.</summary>
internal sealed class PlatformAdminFilter(IOptionsMonitor<PlatformOptions> options, LoginGuard guard) : IEndpointFilter
{
    private static readonly LoginClaim Claim = new("platform");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var key = options.CurrentValue.AdminKey;
        if (string.IsNullOrEmpty(key)) return Results.NotFound();
        var http = invocation.HttpContext;
        var address = http.Connection.RemoteIpAddress;
        if (guard.KnownLockout(Claim, address) is { } lockedFor) return LockedOut(lockedFor);
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(key))))
        {
            return await guard.FailedAsync(Claim, address) is { } nowLockedFor
                ? LockedOut(nowLockedFor)
                : PlatformResults.Error(StatusCodes.Status401Unauthorized, "a valid platform admin key is required");
        }
        await guard.SucceededAsync(Claim, address);
        return await next(invocation);
    }

    private static IResult LockedOut(TimeSpan wait)
        => new RetryAfterResult(PlatformResults.Error(StatusCodes.Status429TooManyRequests, "too many failed logins"), wait);
}
