using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Platform;

/// <summary>Admits only requests carrying <c>Authorization: Bearer {Platform:AdminKey}</c>, compared in constant time.</summary>
internal sealed class PlatformAdminFilter(IOptionsMonitor<PlatformOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var key = options.CurrentValue.AdminKey;
        if (string.IsNullOrEmpty(key)) return ValueTask.FromResult<object?>(Results.NotFound());
        var header = invocation.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(key))))
            return ValueTask.FromResult<object?>(PlatformResults.Error(StatusCodes.Status401Unauthorized, "a valid platform admin key is required"));
        return next(invocation);
    }
}
