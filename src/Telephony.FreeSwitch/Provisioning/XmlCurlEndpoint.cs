using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>Mounts the mod_xml_curl endpoint FreeSWITCH's <c>xml_curl.conf.xml</c> points at.</summary>
public static class XmlCurlEndpoint
{
    public const string DefaultPattern = "/freeswitch/xml-curl";

    /// <summary>POST <paramref name="pattern"/> with mod_xml_curl's form fields; answered with freeswitch/xml. When
    /// <see cref="FreeSwitchOptions.XmlCurlPassword"/> is set, HTTP basic credentials are required (compared in
    /// constant time), since the answers contain SIP passwords.</summary>
    public static IEndpointConventionBuilder MapFreeSwitchXmlCurl(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern) =>
        endpoints.MapPost(pattern, async (HttpContext context) =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<FreeSwitchOptions>>().Value;
            if (!string.IsNullOrEmpty(options.XmlCurlPassword) && !Authorized(context.Request, options))
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"freeswitch\"";
                return Results.Unauthorized();
            }
            if (!context.Request.HasFormContentType) return Results.BadRequest("mod_xml_curl posts application/x-www-form-urlencoded");
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var responder = context.RequestServices.GetRequiredService<XmlCurlResponder>();
            var xml = await responder.RespondAsync(fields, context.RequestAborted).ConfigureAwait(false);
            return Results.Text(xml, "text/xml", Encoding.UTF8);
        });

    private static bool Authorized(HttpRequest request, FreeSwitchOptions options)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(header["Basic ".Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = Encoding.UTF8.GetBytes($"{options.XmlCurlUsername}:{options.XmlCurlPassword}");
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
