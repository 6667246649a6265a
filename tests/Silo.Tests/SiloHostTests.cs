using System.Net;
using System.Text.Json;
using CallCenter.Tenancy;
using CallCenter.TestSupport;

namespace CallCenter.Silo.Tests;

public sealed class SiloHostTests
{
    [Fact]
    public async Task Demo_tenant_is_provisioned_on_first_start()
    {
        await using var silo = await TestSilo.StartAsync();
        var profile = await silo.Grains.GetGrain<ITenantGrain>("demo").GetProfileAsync();
        Assert.NotNull(profile);
        Assert.True(profile.Enabled);
        Assert.Equal("demo.callcenter.local", profile.SipDomain);
        Assert.Contains("demo", await silo.Grains.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.Key).ListAsync());
        Assert.Equal("demo", await silo.Grains.GetGrain<ISipDomainGrain>(ISipDomainGrain.KeyFor("demo.callcenter.local")).GetTenantAsync());
    }

    [Fact]
    public async Task Demo_tenant_is_not_provisioned_when_disabled()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { DemoTenant = false });
        Assert.Null(await silo.Grains.GetGrain<ITenantGrain>("demo").GetProfileAsync());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Tenants_survive_a_restart(string storage)
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = storage });
        var acme = silo.Grains.GetGrain<ITenantGrain>("acme");
        var created = await acme.ProvisionAsync(new TenantProvisioning("Acme", "acme.example", new TenantSettings()));
        await acme.SetEnabledAsync(false);

        await silo.RestartAsync();

        var after = await silo.Grains.GetGrain<ITenantGrain>("acme").GetProfileAsync();
        Assert.NotNull(after);
        Assert.False(after.Enabled);
        Assert.Equal(created.CreatedAt, after.CreatedAt);
        Assert.Contains("acme", await silo.Grains.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.Key).ListAsync());
        // Provisioning again is idempotent and keeps what changed since.
        var again = await silo.Grains.GetGrain<ITenantGrain>("acme").ProvisionAsync(new TenantProvisioning("Other", "other.example", new TenantSettings()));
        Assert.Equal("Acme", again.Name);
        Assert.False(again.Enabled);
    }

    [Fact]
    public async Task A_sip_domain_cannot_be_taken_by_a_second_tenant()
    {
        await using var silo = await TestSilo.StartAsync();
        await silo.Grains.GetGrain<ITenantGrain>("first").ProvisionAsync(new TenantProvisioning("First", "shared.example", new TenantSettings()));
        var e = await Assert.ThrowsAnyAsync<Exception>(() => silo.Grains.GetGrain<ITenantGrain>("second").ProvisionAsync(new TenantProvisioning("Second", "shared.example", new TenantSettings())));
        Assert.Contains("belongs to another tenant", e.Message);
        Assert.Null(await silo.Grains.GetGrain<ITenantGrain>("second").GetProfileAsync());
    }

    [Theory]
    [InlineData("Bad_Id")]
    [InlineData("-leading-dash")]
    public async Task Invalid_tenant_ids_are_refused(string tenantId)
    {
        await using var silo = await TestSilo.StartAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => silo.Grains.GetGrain<ITenantGrain>(tenantId).ProvisionAsync(new TenantProvisioning("X", "x.example", new TenantSettings())));
    }
}
