using CallCenter.Edge.Stomp;
using Microsoft.AspNetCore.Http;

namespace CallCenter.Stomp.Tests.Support;

/// <summary>Accepts the "test-login"/"test-passcode" pairs it was given, for one tenant each; declines (null) everything
/// else, as a real authenticator does for credentials that are not its kind. Its own header names keep it out of the way
/// of the management dialect's authenticator (login/passcode) in the end-to-end tests.</summary>
internal sealed class TestAuthenticator : IStompAuthenticator
{
    public const string LoginHeader = "test-login";
    public const string PasscodeHeader = "test-passcode";

    private readonly Dictionary<(string Login, string Passcode), StompPrincipal> _accounts = [];

    public TestAuthenticator Add(string login, string passcode, string tenantId)
    {
        _accounts[(login, passcode)] = new StompPrincipal(tenantId, login, Anonymous: false);
        return this;
    }

    /// <summary>Credentials with this login are "of its kind but wrong": refused by throwing, as the contract allows.</summary>
    public const string RefusedLogin = "refused";

    public ValueTask<StompPrincipal?> AuthenticateAsync(IReadOnlyDictionary<string, string> connectHeaders, HttpContext http, CancellationToken cancellationToken = default)
    {
        if (!connectHeaders.TryGetValue(LoginHeader, out var login) || !connectHeaders.TryGetValue(PasscodeHeader, out var passcode)) return ValueTask.FromResult<StompPrincipal?>(null);
        if (login == RefusedLogin) throw new UnauthorizedAccessException("test credentials refused");
        return ValueTask.FromResult(_accounts.GetValueOrDefault((login, passcode)));
    }
}
