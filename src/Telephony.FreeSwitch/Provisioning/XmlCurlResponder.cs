using System.Xml.Linq;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// Answers mod_xml_curl's directory requests from <see cref="IFreeSwitchDirectory"/>:
/// a user lookup (REGISTER/INVITE authentication, <c>user/EXT@DOMAIN</c> dialling) gets that one user; the lookup sofia
/// makes for a <c>parse="true"</c> domain (<c>purpose=gateways</c>) gets every provisioned gateway; anything else gets
/// "not found", which tells FreeSWITCH to fall back to its static XML.
/// </summary>
public sealed class XmlCurlResponder(IFreeSwitchDirectory directory, FreeSwitchOptions options)
{
    /// <summary>Dial string for <c>user/EXT@DOMAIN</c>: every registered contact of the user, on the domain it was dialled in.</summary>
    private const string UserDialString =
        "{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}}${sofia_contact(*/${dialed_user}@${dialed_domain})}";

    public async Task<string> RespondAsync(IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken = default)
    {
        if (Value(form, "section") != "directory") return NotFound();
        if (Value(form, "purpose") == "gateways") return await GatewaysAsync(cancellationToken).ConfigureAwait(false);
        var user = Value(form, "user") ?? (Value(form, "key_name") == "id" ? Value(form, "key_value") : null);
        var domain = Value(form, "domain") ?? Value(form, "key_value");
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(domain)) return NotFound();
        var credentials = await directory.FindExtensionAsync(user, domain, cancellationToken).ConfigureAwait(false);
        return credentials is null ? NotFound() : UserDocument(credentials);
    }

    public static string NotFound() =>
        new XElement("document", new XAttribute("type", "freeswitch/xml"),
            new XElement("section", new XAttribute("name", "result"),
                new XElement("result", new XAttribute("status", "not found")))).ToString(SaveOptions.DisableFormatting);

    private static string UserDocument(ExtensionCredentials credentials)
    {
        var variables = new XElement("variables",
            Variable("user_context", "default"),
            Variable("effective_caller_id_number", credentials.Extension));
        if (!string.IsNullOrEmpty(credentials.DisplayName)) variables.Add(Variable("effective_caller_id_name", credentials.DisplayName));
        var user = new XElement("user", new XAttribute("id", credentials.Extension),
            new XElement("params", Param("password", credentials.Password)),
            variables);
        return Document(new XElement("domain", new XAttribute("name", credentials.Domain),
            new XElement("params", Param("dial-string", UserDialString)),
            new XElement("groups", new XElement("group", new XAttribute("name", "default"), new XElement("users", user)))));
    }

    private async Task<string> GatewaysAsync(CancellationToken cancellationToken)
    {
        var gateways = await directory.ListGatewaysAsync(cancellationToken).ConfigureAwait(false);
        var list = new XElement("gateways");
        foreach (var gateway in gateways)
        {
            var element = new XElement("gateway", new XAttribute("name", gateway.Name),
                Param("realm", gateway.Realm),
                Param("proxy", gateway.Realm),
                // sofia insists on credentials even for a trunk that does not register.
                Param("username", string.IsNullOrEmpty(gateway.Username) ? "callcenter" : gateway.Username),
                Param("password", string.IsNullOrEmpty(gateway.Password) ? "callcenter" : gateway.Password),
                Param("register", gateway.Register ? "true" : "false"));
            if (!string.IsNullOrEmpty(gateway.CallerIdNumber))
            {
                element.Add(new XElement("variables", new XElement("variable",
                    new XAttribute("name", "origination_caller_id_number"), new XAttribute("value", gateway.CallerIdNumber), new XAttribute("direction", "outbound"))));
            }
            list.Add(element);
        }
        var user = new XElement("user", new XAttribute("id", "gateways"), list);
        return Document(new XElement("domain", new XAttribute("name", options.GatewayDirectoryDomain),
            new XElement("groups", new XElement("group", new XAttribute("name", "gateways"), new XElement("users", user)))));
    }

    private static string Document(XElement domain) =>
        new XElement("document", new XAttribute("type", "freeswitch/xml"),
            new XElement("section", new XAttribute("name", "directory"), domain)).ToString(SaveOptions.DisableFormatting);

    private static XElement Param(string name, string value) =>
        new("param", new XAttribute("name", name), new XAttribute("value", value));

    private static XElement Variable(string name, string value) =>
        new("variable", new XAttribute("name", name), new XAttribute("value", value));

    private static string? Value(IReadOnlyDictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
