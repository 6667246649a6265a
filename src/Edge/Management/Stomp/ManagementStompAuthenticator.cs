using System.Security.Cryptography;
using System.Text;
using CallCenter.Edge.Management.Http;
using CallCenter.Edge.Stomp;
using CallCenter.Extensions;
using CallCenter.Management.Agents;
using CallCenter.Tenancy;

namespace CallCenter.Edge.Management.Stomp;

/// <summary>
/// Who a STOMP CONNECT on /callcenter/ws is, in this order:
/// <list type="number">
/// <item>An agent: <c>login</c> = "extension@sipDomain" (the <c>uri</c> getByCertificate returned), <c>passcode</c> = the
/// SIP password. The session may act only for that extension.</item>
/// <item>A back office: <c>login</c> = API account, <c>passcode</c> = sign, header <c>timestamp</c>; or the REST headers
/// <c>account</c>/<c>timestamp</c>/<c>sign</c>, in the CONNECT frame or the SockJS URL's query string.</item>
/// <item>Anonymous for a named tenant (header <c>tenant</c> or <c>?tenant=</c>), only if that tenant allows anonymous
/// STOMP (the original had no authentication).</item>
/// </list>
/// Without any of these the STOMP server applies its listener default (anonymous for the default tenant, if allowed).
/// Credentials that are present but wrong refuse the CONNECT rather than fall back to anonymous.
/// </summary>
public sealed class ManagementStompAuthenticator(IGrainFactory grains, ApiSignatureVerifier verifier, ILogger<ManagementStompAuthenticator> log) : IStompAuthenticator
{
    public const string AgentPrincipalPrefix = "agent:";
    public const string AccountPrincipalPrefix = "account:";

    public async ValueTask<StompPrincipal?> AuthenticateAsync(IReadOnlyDictionary<string, string> connectHeaders, HttpContext http, CancellationToken cancellationToken = default)
    {
        string? Header(string name) => connectHeaders.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        string? HeaderOrQuery(string name) => Header(name) ?? (http.Request.Query[name].ToString() is { Length: > 0 } q ? q : null);

        var login = Header("login");
        var passcode = Header("passcode");
        if (login is not null && login.Contains('@'))
            return await AgentAsync(login, passcode) ?? throw Refused("agent credentials rejected");

        var (account, timestamp, sign) = login is not null
            ? (login, HeaderOrQuery("timestamp"), passcode)
            : (HeaderOrQuery("account"), HeaderOrQuery("timestamp"), HeaderOrQuery("sign"));
        if (account is not null)
        {
            var outcome = await verifier.VerifyAsync(account, timestamp, sign, http.Connection.RemoteIpAddress, HeaderOrQuery(HmacRequestSignature.MethodHeader), HmacRequestSignature.StompConnect);
            if (!outcome.Valid)
            {
                log.LogInformation("STOMP CONNECT of account {Account} refused: {Reason}", CallCenter.Management.Accounts.IApiAccountGrain.IsValidName(account) ? account : "-", outcome.Refusal);
                throw Refused("signature rejected");
            }
            return new StompPrincipal(outcome.TenantId!, AccountPrincipalPrefix + account, Anonymous: false);
        }

        if (HeaderOrQuery("tenant") is { } tenant)
        {
            if (!TenantIds.IsValid(tenant)) throw Refused("unknown tenant");
            var profile = await grains.GetGrain<ITenantGrain>(tenant).GetProfileAsync();
            if (profile is not { Enabled: true, Settings.AllowAnonymousStomp: true }) throw Refused("authentication required");
            return new StompPrincipal(tenant, null, Anonymous: true);
        }
        return null;
    }

    private async Task<StompPrincipal?> AgentAsync(string login, string? passcode)
    {
        var at = login.IndexOf('@');
        var extension = login[..at];
        var domain = login[(at + 1)..];
        if (passcode is null || !WireNames.IsExtension(extension) || domain.Length is 0 or > 253) return null;
        var tenant = await grains.GetGrain<ISipDomainGrain>(ISipDomainGrain.KeyFor(domain)).GetTenantAsync();
        if (tenant is null) return null;
        var password = await grains.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor(tenant, extension)).RevealPasswordAsync();
        if (password is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(passcode))) return null;
        // Only management agents: an operator seat's extension does not open the management websocket.
        if (await grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(tenant, extension)).GetAsync() is null) return null;
        return new StompPrincipal(tenant, AgentPrincipalPrefix + extension, Anonymous: false);
    }

    /// <summary>The STOMP server answers any authenticator exception with an ERROR frame ("authentication failed") and
    /// closes the session.</summary>
    private static UnauthorizedAccessException Refused(string reason) => new("STOMP CONNECT refused: " + reason);
}
