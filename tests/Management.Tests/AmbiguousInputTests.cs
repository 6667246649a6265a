using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

/// <summary>The shared rule (docs/compatibility.md, "Duplicate keys and invalid UTF-8") over real HTTP: a parameter named
/// twice (JSON, form or query) and bytes that are not UTF-8 answer -100005 with a reason, and nothing is created.</summary>
public sealed class AmbiguousInputTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private const string Create = "/callcenter/callProject/api/createProject/v1";

    private async Task AssertRefusedAsync(ApiResponse response, string code, string reason)
    {
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Code == -100005, response.ToString());
        Assert.Contains(reason, response.Message);
        var lookup = await system.Api.GetAsync("/callcenter/callProject/api/getExtentionByProject/v1", ("projectCode", code));
        Assert.Equal(-1000100, lookup.Code);
    }

    private static ByteArrayContent Bytes(byte[] body, string type)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return content;
    }

    [Fact]
    public async Task A_repeated_json_key_is_refused_naming_it()
    {
        var code = system.Unique("dupjson");
        var body = $$"""{"projectCode":"{{code}}","seats":"1","seats":"2"}""";
        await AssertRefusedAsync(await system.Api.SendAsync(HttpMethod.Post, Create, new StringContent(body, Encoding.UTF8, "application/json")), code, "参数 seats 重复");
    }

    [Fact]
    public async Task A_repeated_form_parameter_is_refused_naming_it()
    {
        var code = system.Unique("dupform");
        var response = await system.Api.SendAsync(HttpMethod.Post, Create,
            Bytes(Encoding.ASCII.GetBytes($"projectCode={code}&seats=1&seats=2"), "application/x-www-form-urlencoded"));
        await AssertRefusedAsync(response, code, "参数 seats 重复");
    }

    [Fact]
    public async Task A_repeated_multipart_field_is_refused_naming_it()
    {
        var code = system.Unique("dupmulti");
        var form = new MultipartFormDataContent { { new StringContent(code), "projectCode" }, { new StringContent("1"), "seats" }, { new StringContent("2"), "seats" } };
        await AssertRefusedAsync(await system.Api.SendAsync(HttpMethod.Post, Create, form), code, "参数 seats 重复");
    }

    [Fact]
    public async Task A_repeated_query_parameter_is_refused_naming_it()
    {
        var code = system.Unique("dupquery");
        var response = await system.Api.SendAsync(HttpMethod.Post, $"{Create}?projectCode={code}&seats=1&seats=2", null);
        await AssertRefusedAsync(response, code, "参数 seats 重复");
    }

    [Fact]
    public async Task Invalid_utf8_is_the_validation_code_not_a_system_error()
    {
        var code = system.Unique("utf");
        byte[] json = [.. Encoding.ASCII.GetBytes($$"""{"projectCode":"{{code}}","seats":"1","remark":"""), (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}'];
        await AssertRefusedAsync(await system.Api.SendAsync(HttpMethod.Post, Create, Bytes(json, "application/json")), code, "UTF-8");

        var form = Encoding.ASCII.GetBytes($"projectCode={code}&seats=1&remark=%C3%28");
        await AssertRefusedAsync(await system.Api.SendAsync(HttpMethod.Post, Create, Bytes(form, "application/x-www-form-urlencoded")), code, "参数 remark 不是有效的 UTF-8");

        await AssertRefusedAsync(await system.Api.SendAsync(HttpMethod.Post, $"{Create}?projectCode={code}&seats=1&remark=%FF", null), code, "参数 remark 不是有效的 UTF-8");
    }

    [Fact]
    public async Task A_key_in_the_body_and_the_query_is_not_a_repeat_the_body_wins()
    {
        var code = system.Unique("bodywins");
        var response = await system.Api.SendAsync(HttpMethod.Post, Create + "?seats=7",
            Bytes(Encoding.ASCII.GetBytes($"projectCode={code}&seats=1"), "application/x-www-form-urlencoded"));
        Assert.Equal(1, response.Code);
    }
}
