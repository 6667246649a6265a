using System.Net;
using CallCenter.Storage.Postgres;
using CallCenter.Storage.Postgres.AdoNet;
using CallCenter.Storage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace CallCenter.Storage.Tests.Postgres;

/// <summary>Orleans' ADO.NET membership table (silos) and gateway list (clients) on our schema: every statement of the
/// clustering contract, each test on a schema of its own.</summary>
public sealed class AdoNetMembershipTableTests(PostgresSchemaFixture server) : IClassFixture<PostgresSchemaFixture>, IAsyncLifetime
{
    private static readonly DateTime Started = new(2026, 12, 2, 8, 0, 0, 123, DateTimeKind.Utc);
    private readonly PostgresDatabase _database = new(server.IsolatedOptions());
    private AdoNetClusteringTable _table = null!;

    public async Task InitializeAsync()
    {
        await AdoNetSchemas.EnsureAsync(_database);
        _table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = AdoNetProviders.ClusterId, ServiceId = AdoNetProviders.ServiceId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = AdoNetSchemas.Invariant, DataSource = _database.DataSource }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await _table.InitializeMembershipTableAsync(tryInitTableVersion: true);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static MembershipEntry Silo(int port, SiloStatus status = SiloStatus.Joining, int proxyPort = 0) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 42),
        SiloName = $"silo-{port}",
        HostName = "host-a",
        Status = status,
        ProxyPort = proxyPort,
        StartTime = Started,
        IAmAliveTime = Started,
    };

    [Fact]
    public async Task A_new_cluster_has_a_version_row_and_no_silos()
    {
        var all = await _table.ReadAllAsync();

        Assert.Empty(all.Members);
        Assert.Equal(0, all.Version.Version);
        await _table.InitializeMembershipTableAsync(tryInitTableVersion: true); // a second silo finds the row and keeps it
        Assert.Equal(0, (await _table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task An_inserted_silo_reads_back_with_every_field_and_the_version_advances()
    {
        var entry = Silo(11111, SiloStatus.Joining, proxyPort: 30000);
        var version = (await _table.ReadAllAsync()).Version;

        Assert.True(await _table.InsertRowAsync(entry, version.Next()));

        var all = await _table.ReadAllAsync();
        Assert.Equal(1, all.Version.Version);
        var (read, _) = Assert.Single(all.Members);
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal((entry.SiloName, entry.HostName, entry.Status, entry.ProxyPort), (read.SiloName, read.HostName, read.Status, read.ProxyPort));
        Assert.Equal(Started, read.StartTime);
        Assert.Equal(Started, read.IAmAliveTime);
        var (one, _) = Assert.Single((await _table.ReadRowAsync(entry.SiloAddress)).Members);
        Assert.Equal(entry.SiloAddress, one.SiloAddress);
    }

    [Fact]
    public async Task Inserting_through_a_stale_version_or_twice_fails_and_changes_nothing()
    {
        var stale = (await _table.ReadAllAsync()).Version;
        Assert.True(await _table.InsertRowAsync(Silo(11111), stale.Next()));

        Assert.False(await _table.InsertRowAsync(Silo(22222), stale.Next()));
        var current = (await _table.ReadAllAsync()).Version;
        Assert.False(await _table.InsertRowAsync(Silo(11111), current.Next()));

        var all = await _table.ReadAllAsync();
        Assert.Single(all.Members);
        Assert.Equal(current.Version, all.Version.Version);
    }

    [Fact]
    public async Task Updating_needs_the_current_version_and_writes_status_suspicions_and_heartbeat()
    {
        var entry = Silo(11111);
        await _table.InsertRowAsync(entry, (await _table.ReadAllAsync()).Version.Next());
        var (_, etag) = Assert.Single((await _table.ReadAllAsync()).Members);
        var version = (await _table.ReadAllAsync()).Version;
        var suspect = SiloAddress.New(IPAddress.Loopback, 22222, 7);
        entry.Status = SiloStatus.Active;
        entry.IAmAliveTime = Started.AddSeconds(5);
        entry.SuspectTimes = [Tuple.Create(suspect, Started.AddSeconds(4))];

        Assert.True(await _table.UpdateRowAsync(entry, etag, version.Next()));
        Assert.False(await _table.UpdateRowAsync(entry, etag, version.Next())); // that version is gone

        var (read, _) = Assert.Single((await _table.ReadRowAsync(entry.SiloAddress)).Members);
        Assert.Equal(SiloStatus.Active, read.Status);
        Assert.Equal(Started.AddSeconds(5), read.IAmAliveTime);
        var (suspectAddress, suspectedAt) = Assert.Single(read.SuspectTimes!);
        Assert.Equal(suspect, suspectAddress);
        Assert.Equal(Started.AddSeconds(4), suspectedAt);
        Assert.Equal(version.Version + 1, (await _table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task The_heartbeat_changes_only_the_i_am_alive_time_and_not_the_version()
    {
        var entry = Silo(11111);
        await _table.InsertRowAsync(entry, (await _table.ReadAllAsync()).Version.Next());
        var version = (await _table.ReadAllAsync()).Version.Version;

        entry.IAmAliveTime = Started.AddMinutes(1);
        await _table.UpdateIAmAliveAsync(entry);

        var all = await _table.ReadAllAsync();
        Assert.Equal(Started.AddMinutes(1), Assert.Single(all.Members).Item1.IAmAliveTime);
        Assert.Equal(version, all.Version.Version);
    }

    [Fact]
    public async Task Clients_find_the_active_silos_with_a_gateway_port()
    {
        await _table.InsertRowAsync(Silo(11111, SiloStatus.Active, proxyPort: 30001), (await _table.ReadAllAsync()).Version.Next());
        await _table.InsertRowAsync(Silo(11112, SiloStatus.Joining, proxyPort: 30002), (await _table.ReadAllAsync()).Version.Next());
        await _table.InsertRowAsync(Silo(11113, SiloStatus.Active), (await _table.ReadAllAsync()).Version.Next());
        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = AdoNetSchemas.Invariant, DataSource = _database.DataSource }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = AdoNetProviders.ClusterId, ServiceId = AdoNetProviders.ServiceId }));
        await gateways.InitializeGatewayListProviderAsync();

        var found = await gateways.GetGatewaysAsync();

        Assert.Equal([SiloAddress.New(IPAddress.Loopback, 30001, 42).ToGatewayUri()], found);
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_silos_whose_heartbeat_is_older_than_the_cutoff()
    {
        var dead = Silo(11111, SiloStatus.Dead);
        var alive = Silo(11112, SiloStatus.Active);
        var recentlyDead = Silo(11113, SiloStatus.Dead);
        recentlyDead.IAmAliveTime = Started.AddHours(2);
        foreach (var entry in new[] { dead, alive, recentlyDead }) await _table.InsertRowAsync(entry, (await _table.ReadAllAsync()).Version.Next());

        await _table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Started.AddHours(1)));

        Assert.Equal([alive.SiloAddress, recentlyDead.SiloAddress], (await _table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress).OrderBy(a => a.Endpoint.Port));
    }

    [Fact]
    public async Task Deleting_the_cluster_removes_its_silos_and_version_and_it_can_start_over()
    {
        await _table.InsertRowAsync(Silo(11111), (await _table.ReadAllAsync()).Version.Next());

        await _table.DeleteMembershipTableEntriesAsync(AdoNetProviders.ClusterId);
        await _table.InitializeMembershipTableAsync(tryInitTableVersion: true);

        var all = await _table.ReadAllAsync();
        Assert.Empty(all.Members);
        Assert.Equal(0, all.Version.Version);
    }
}
