using Azure.Storage.Blobs;
using CallCenter.Management.Accounts;
using CallCenter.Tenancy;
using CallCenter.TestSupport;

namespace CallCenter.Recordings.Tests.Support;

/// <summary>The whole system on real time with SQLite storage and Azure Blob (an Azurite) as the recording archive, in a
/// container of its own, with short retry waits; the demo tenant and a second tenant, each with an API account.</summary>
public static class AzureSilo
{
    public const string DemoAccount = "demo";
    public const string DemoSecret = "demo-management-secret-change-me";
    public const string OtherTenant = "other";
    public const string OtherAccount = "other-account";
    public const string OtherSecret = "other-secret-0123456789";

    public static TestSiloOptions Options(string connectionString, string container) => new()
    {
        Storage = "Sqlite",
        Settings =
        {
            ["Recording:Provider"] = "AzureBlob",
            ["Recording:Azure:ConnectionString"] = connectionString,
            ["Recording:Azure:Container"] = container,
            ["Recording:Upload:FirstRetryDelay"] = "00:00:00.200",
            ["Recording:Upload:MaxRetryDelay"] = "00:00:01",
            ["Recording:Upload:PollInterval"] = "00:00:00.100",
            ["Recording:Upload:ReminderPeriod"] = "00:00:02",
            ["Recording:Retention:Tenants:demo"] = "30",
        },
    };

    public static string NewContainer() => "rec-" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<TestSilo> StartAsync(string connectionString, string container)
    {
        var silo = await TestSilo.StartAsync(Options(connectionString, container));
        await silo.Grains.GetGrain<ITenantGrain>(OtherTenant).ProvisionAsync(new TenantProvisioning("Other", "other.callcenter.local", new TenantSettings()));
        var added = await silo.Grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(OtherTenant)).AddApiAccountAsync(OtherAccount, OtherSecret);
        Assert.True(added.Ok, added.Error.ToString());
        return silo;
    }

    public static SignedClient Demo(TestSilo silo) => new(silo.Http, DemoAccount, DemoSecret);

    public static SignedClient Other(TestSilo silo) => new(silo.Http, OtherAccount, OtherSecret);

    public static BlobContainerClient Container(string connectionString, string container) => new(connectionString, container);
}
