using System.Xml.Linq;

namespace CallCenter.Telephony.FreeSwitch.Tests;

public sealed class XmlCurlResponderTests
{
    private readonly InMemoryFreeSwitchDirectory _directory = new();
    private readonly XmlCurlResponder _responder;

    public XmlCurlResponderTests() => _responder = new XmlCurlResponder(_directory, new FreeSwitchOptions());

    [Fact]
    public async Task A_user_lookup_returns_the_provisioned_extension_with_its_password()
    {
        await _directory.UpsertExtensionAsync(new ExtensionCredentials("1001", "Tenant-A.example", "p&ss<word>", "Alice"));

        var xml = XDocument.Parse(await _responder.RespondAsync(Form(("section", "directory"), ("tag_name", "domain"), ("key_name", "name"),
            ("key_value", "tenant-a.example"), ("user", "1001"), ("domain", "tenant-a.example"), ("action", "sip_auth"))));

        var user = xml.Descendants("user").Single();
        Assert.Equal("1001", (string?)user.Attribute("id"));
        Assert.Equal("p&ss<word>", user.Descendants("param").Single(p => (string?)p.Attribute("name") == "password").Attribute("value")!.Value);
        Assert.Equal("Alice", user.Descendants("variable").Single(v => (string?)v.Attribute("name") == "effective_caller_id_name").Attribute("value")!.Value);
        Assert.Contains("sofia_contact", xml.Descendants("param").Single(p => (string?)p.Attribute("name") == "dial-string").Attribute("value")!.Value);
    }

    [Fact]
    public async Task Unknown_users_and_other_sections_are_not_found()
    {
        Assert.Contains("not found", await _responder.RespondAsync(Form(("section", "directory"), ("user", "9999"), ("domain", "x.example"))));
        Assert.Contains("not found", await _responder.RespondAsync(Form(("section", "dialplan"))));
    }

    [Fact]
    public async Task The_gateway_lookup_lists_every_gateway()
    {
        await _directory.UpsertGatewayAsync(new GatewayDefinition("carrier-1", "sip.carrier.example:5060", "acct", "secret", 30, Register: true, CallerIdNumber: "02160000000"));
        await _directory.UpsertGatewayAsync(new GatewayDefinition("carrier-2", "10.1.1.1"));

        var xml = XDocument.Parse(await _responder.RespondAsync(Form(("section", "directory"), ("purpose", "gateways"), ("profile", "external"))));

        Assert.Equal("cc-gateways", (string?)xml.Descendants("domain").Single().Attribute("name"));
        var gateways = xml.Descendants("gateway").ToList();
        Assert.Equal(["carrier-1", "carrier-2"], gateways.Select(g => (string?)g.Attribute("name")));
        string Param(XElement gateway, string name) => gateway.Elements("param").Single(p => (string?)p.Attribute("name") == name).Attribute("value")!.Value;
        Assert.Equal(("sip.carrier.example:5060", "acct", "secret", "true"), (Param(gateways[0], "realm"), Param(gateways[0], "username"), Param(gateways[0], "password"), Param(gateways[0], "register")));
        Assert.Equal("false", Param(gateways[1], "register"));
    }

    private static Dictionary<string, string> Form(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);
}
