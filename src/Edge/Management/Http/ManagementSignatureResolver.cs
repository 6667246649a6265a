using CallCenter.Edge.Dialects;
using CallCenter.Edge.Tenancy;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Http;

/// <summary>
/// Resolves the tenant of a management request from its signature (<see cref="ApiSignatureVerifier"/>): <c>account</c>,
/// <c>timestamp</c> and <c>sign</c> from the headers, else from the query string. Every refusal is logged with its reason
/// here and answered without one (401 with an empty body, 403 for an address off the allow-list), so a caller learns
/// nothing about which part was wrong.
/// </summary>
public sealed class ManagementSignatureResolver(ApiSignatureVerifier verifier, IOptions<ManagementOptions> options, ILogger<ManagementSignatureResolver> log) : ITenantResolver
{
    public const string Dialect = "management";

    public async ValueTask<TenantResolution> ResolveAsync(HttpContext context)
    {
        var account = Read(context, "account");
        var method = Read(context, HmacRequestSignature.MethodHeader);
        // Only the strong scheme covers the request, so only it needs the body read here.
        var parts = method is not null && method.Equals(HmacRequestSignature.Method, StringComparison.OrdinalIgnoreCase)
            ? await HmacRequestSignature.FromRequestAsync(context, options.Value.MaxBodyBytes)
            : null;
        var outcome = await verifier.VerifyAsync(account, Read(context, "timestamp"), Read(context, "sign"), context.Connection.RemoteIpAddress, method, parts);
        if (outcome.Valid) return TenantResolution.Resolved(new TenantContext(outcome.TenantId!, Dialect, "account:" + account));
        log.LogInformation("Management request {Path} refused: {Reason} (account {Account}, address {Address})",
            context.Request.Path, outcome.Refusal, CallCenter.Management.Accounts.IApiAccountGrain.IsValidName(account) ? account : "-", context.Connection.RemoteIpAddress);
        return TenantResolution.Refused(outcome.AddressRefused ? DialectFailure.Forbidden("address not allowed") : DialectFailure.Unauthenticated("invalid signature"));
    }

    public Security.LoginClaim? Claim(HttpContext context) => new(Dialect, Read(context, "account") ?? "");

    /// <summary>Headers first, then the query string (wire-notes).</summary>
    public static string? Read(HttpContext context, string name)
    {
        var header = context.Request.Headers[name].ToString();
        if (!string.IsNullOrEmpty(header)) return header.Trim();
        var query = context.Request.Query[name].ToString();
        return string.IsNullOrEmpty(query) ? null : query.Trim();
    }
}
