using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CallCenter.Edge.OpenApi;
using CallCenter.TestSupport;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Silo.Tests;

/// <summary>What operators and their tooling call over HTTP: probes, the dashboard, the OpenAPI document.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task Liveness_runs_no_check_and_readiness_checks_grains_storage_and_switch()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "Sqlite" });

        var (live, liveBody) = await GetJsonAsync(silo.Http, "healthz");
        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal("Healthy", liveBody.GetProperty("status").GetString());
        Assert.Empty(liveBody.GetProperty("checks").EnumerateObject());

        var (ready, readyBody) = await GetJsonAsync(silo.Http, "readyz");
        Assert.Equal(HttpStatusCode.OK, ready);
        var checks = readyBody.GetProperty("checks");
        Assert.Equal(["grains", "storage", "switch"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Readiness_fails_while_the_switch_cannot_be_reached_and_liveness_stays_ok()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            DemoTenant = false,
            Settings =
            {
                ["Telephony:Provider"] = "FreeSwitch",
                ["Telephony:FreeSwitch:Host"] = "127.0.0.1",
                ["Telephony:FreeSwitch:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Telephony:FreeSwitch:Password"] = "ClueCon",
                ["Telephony:FreeSwitch:ConnectTimeout"] = "00:00:01",
            },
        });

        var (ready, body) = await GetJsonAsync(silo.Http, "readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("switch").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("grains").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("healthz")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_is_off_unless_enabled_and_then_asks_for_its_password()
    {
        await using (var off = await TestSilo.StartAsync(new TestSiloOptions { DemoTenant = false }))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await off.Http.GetAsync("dashboard/")).StatusCode);
        }

        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            DemoTenant = false,
            Settings = { ["Dashboard:Enabled"] = "true", ["Dashboard:Username"] = "ops", ["Dashboard:Password"] = "s3cret-dashboard" },
        });
        var anonymous = await silo.Http.GetAsync("dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(silo.Http, "dashboard/", "ops:wrong")).StatusCode);
        var authorised = await SendAsync(silo.Http, "dashboard/", "ops:s3cret-dashboard");
        Assert.Equal(HttpStatusCode.OK, authorised.StatusCode);
        Assert.Contains("html", authorised.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Dashboard_without_a_password_serves_loopback_clients_only()
    {
        // The test client is on loopback, so it is served; what a remote client gets is the guard's other branch,
        // which the password case above exercises through the same wrapper.
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { DemoTenant = false, Settings = { ["Dashboard:Enabled"] = "true" } });
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("dashboard/")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_describes_every_mapped_http_route_under_its_dialect_tag()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { DemoTenant = false, Settings = { ["Dashboard:Enabled"] = "true" } });
        var (status, document) = await GetJsonAsync(silo.Http, "openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        var paths = document.GetProperty("paths");
        var documented = paths.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        var routes = silo.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Select(e => RouteEndpointsDocumentTransformer.PathOf(e.RoutePattern))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/api", routes);
        Assert.Contains("/callcenter/ws/info", routes);
        Assert.Contains("/readyz", routes);
        Assert.Contains("/metrics", routes);
        Assert.Empty(routes.Except(documented));

        string[] Tags(string path) => paths.GetProperty(path).EnumerateObject().First().Value.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
        Assert.Contains("opr", Tags("/api"));
        Assert.Contains("stomp-sockjs", Tags("/callcenter/ws/info"));
        Assert.Contains("platform", Tags("/platform/tenants"));
        Assert.Contains("operations", Tags("/readyz"));
        Assert.Equal("Create tenant", paths.GetProperty("/platform/tenants").GetProperty("post").GetProperty("summary").GetString());
        var untagged = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)).Select(o => (Path: p.Name, Operation: o)))
            .Where(x => !x.Operation.Value.TryGetProperty("tags", out _))
            .Select(x => $"{x.Operation.Name} {x.Path}");
        Assert.Empty(untagged);
        Assert.Contains(routes, r => r.StartsWith("/callcenter/", StringComparison.Ordinal) && !r.StartsWith("/callcenter/ws", StringComparison.Ordinal) && Tags(r).Contains("management"));
    }

    [Fact]
    public async Task Api_reference_page_is_served_in_the_embedded_run_only()
    {
        await using (var test = await TestSilo.StartAsync(new TestSiloOptions { DemoTenant = false }))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await test.Http.GetAsync("scalar")).StatusCode);
        }
        await using var embedded = await TestSilo.StartAsync(new TestSiloOptions { DemoTenant = false, Settings = { ["environment"] = "Embedded" } });
        var page = await embedded.Http.GetAsync("scalar");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("openapi/v1.json", await page.Content.ReadAsStringAsync());
    }

    private static async Task<(HttpStatusCode, JsonElement)> GetJsonAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string credentials)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http.SendAsync(request);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
