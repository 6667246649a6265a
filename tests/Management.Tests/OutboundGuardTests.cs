using System.Net.Http.Headers;
using System.Text;
using CallCenter.Management.Accounts;
using CallCenter.Management.Tests.Support;
using CallCenter.Management.Webhooks;
using CallCenter.TestSupport;

namespace CallCenter.Management.Tests;

/// <summary>A silo with the production default: requests on a tenant's behalf may not reach loopback.</summary>
public sealed class GuardedManagementSilo : ManagementSilo
{
    public const string AdminKey = "test-platform-admin-key";

    public override TestSiloOptions Options
    {
        get
        {
            var options = base.Options;
            options.Settings["OutboundRequests:AllowLoopback"] = "false";
            options.Settings["Platform:AdminKey"] = AdminKey;
            return options;
        }
    }
}

/// <summary>The SSRF guard on management webhooks (docs/security.md, "Outbound requests (SSRF)"): loopback refused at
/// registration and at delivery unless the operator allow-lists it for the tenant, and redirects checked hop by hop.</summary>
public sealed class OutboundGuardTests(GuardedManagementSilo system) : IClassFixture<GuardedManagementSilo>
{
    private IWebhookOutboxGrain Outbox => system.Grains.GetGrain<IWebhookOutboxGrain>(IWebhookOutboxGrain.KeyFor("demo"));

    private async Task AllowListAsync(params string[] entries)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "platform/tenants/demo")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { outboundAllowList = entries }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GuardedManagementSilo.AdminKey);
        using var response = await system.Silo.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<WebhookOutboxStatus> DeliverAsync(string body)
    {
        await Outbox.EnqueueAsync(new WebhookNotification(WebhookKind.TaskStatus, "task", body));
        for (var i = 0; i < 20; i++)
        {
            await system.AdvanceAsync(TimeSpan.FromSeconds(1));
            var status = await Outbox.GetStatusAsync();
            if (status.Pending == 0) return status;
        }
        return await Outbox.GetStatusAsync();
    }

    [Fact]
    public async Task A_loopback_webhook_is_refused_by_default_and_delivered_once_allow_listed()
    {
        await using var receiver = await RedirectingReceiver.StartAsync();
        var url = $"http://127.0.0.1:{receiver.Port}/hooks/task";

        var refused = await system.Api.PostAsync("/callcenter/tenant/api/setNotifyUrl/v1", ("taskStatusUrl", url));
        Assert.Equal(-100003, refused.Code);
        Assert.Contains("taskStatusUrl", refused.Message);
        Assert.Contains("loopback", refused.Message);
        // The metadata address is refused in any spelling.
        Assert.Equal(-100003, (await system.Api.PostAsync("/callcenter/tenant/api/setNotifyUrl/v1", ("taskStatusUrl", "http://169.254.169.254/latest/meta-data/"))).Code);
        Assert.Equal(-100003, (await system.Api.PostAsync("/callcenter/tenant/api/setNotifyUrl/v1", ("taskStatusUrl", "http://[::ffff:127.0.0.1]:80/"))).Code);
        Assert.False((await system.Api.GetAsync("/callcenter/tenant/api/getSettings/v1")).Data.TryGetProperty("taskStatusUrl", out _));

        await AllowListAsync("127.0.0.1");
        Assert.Equal(1, (await system.Api.PostAsync("/callcenter/tenant/api/setNotifyUrl/v1", ("taskStatusUrl", url))).Code);
        var before = await Outbox.GetStatusAsync();
        var delivered = await DeliverAsync("{\"n\":1}");
        Assert.Equal(before.Delivered + 1, delivered.Delivered);
        Assert.Equal(["/hooks/task"], receiver.Paths);

        // The operator withdraws the entry: the next notification is refused when it connects, given up at once (not
        // retried), and nothing reaches the listener.
        await AllowListAsync();
        var abandoned = await DeliverAsync("{\"n\":2}");
        Assert.Equal(0, abandoned.Pending);
        Assert.Equal(delivered.Abandoned + 1, abandoned.Abandoned);
        Assert.Equal(delivered.Delivered, abandoned.Delivered);
        Assert.Equal(["/hooks/task"], receiver.Paths);
        await system.Api.PostAsync("/callcenter/tenant/api/setNotifyUrl/v1", ("taskStatusUrl", ""));
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_host_to_a_forbidden_one_is_refused()
    {
        await using var receiver = await RedirectingReceiver.StartAsync();
        // "localhost" is trusted by name; the address 127.0.0.1 is not.
        await AllowListAsync("localhost");
        receiver.RedirectTarget = $"http://127.0.0.1:{receiver.Port}/hooks/task";
        Assert.Equal(1, (await system.Api.PostAsync("/callcenter/tenant/api/setNotifyUrl/v1", ("taskStatusUrl", $"http://localhost:{receiver.Port}/redirect"))).Code);
        var before = await Outbox.GetStatusAsync();

        var after = await DeliverAsync("{\"n\":3}");
        Assert.Equal(before.Abandoned + 1, after.Abandoned);
        Assert.Equal(before.Delivered, after.Delivered);
        Assert.Equal(["/redirect"], receiver.Paths);

        // The same redirect to an allowed host is followed.
        receiver.RedirectTarget = $"http://localhost:{receiver.Port}/hooks/task";
        var followed = await DeliverAsync("{\"n\":4}");
        Assert.Equal(after.Delivered + 1, followed.Delivered);
        Assert.Equal(["/redirect", "/redirect", "/hooks/task"], receiver.Paths);
        await system.Api.PostAsync("/callcenter/tenant/api/setNotifyUrl/v1", ("taskStatusUrl", ""));
        await AllowListAsync();
    }

    [Fact]
    public async Task The_platform_api_refuses_malformed_allow_list_entries()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "platform/tenants/demo")
        {
            Content = new StringContent("{\"outboundAllowList\":[\"http://x/\"]}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GuardedManagementSilo.AdminKey);
        using var response = await system.Silo.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("outboundAllowList", await response.Content.ReadAsStringAsync());
    }
}
