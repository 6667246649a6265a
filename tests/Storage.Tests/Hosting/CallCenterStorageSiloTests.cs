using System.Net;
using System.Text;
using CallCenter.Storage.Hosting;
using CallCenter.Storage.Postgres;
using CallCenter.Storage.Sql;
using CallCenter.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace CallCenter.Storage.Tests.Hosting;

/// <summary>
/// A real in-process silo configured by <see cref="StorageSiloBuilderExtensions.AddCallCenterStorage"/> on PostgreSQL,
/// driving a grain with persistent state and a reminder: the schema is applied at start-up, the chosen grain storage
/// keeps the state across a silo restart, reminders go to the ADO.NET reminder table. Each test on a schema of its own.
/// </summary>
public sealed class CallCenterStorageSiloTests(PostgresSchemaFixture server) : IClassFixture<PostgresSchemaFixture>
{
    private const string ServiceId = "callcenter-silo-test";
    private readonly PostgresStorageOptions _options = server.IsolatedOptions();

    private async Task<IHost> StartSiloAsync(string grainStorage, Action<ISiloBuilder>? clustering = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres:ConnectionString"] = _options.ConnectionString,
            ["Storage:Postgres:Schema"] = _options.Schema,
            ["Storage:Postgres:GrainStorage"] = grainStorage,
        });
        builder.UseOrleans(silo =>
        {
            if (clustering is null) silo.UseLocalhostClustering(FreePorts.Next(), FreePorts.Next(), serviceId: ServiceId, clusterId: "storage-silo-test");
            else clustering(silo);
            silo.AddCallCenterStorage(builder.Configuration.GetSection("Storage"));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }

    private async Task<byte[]?> PayloadAsync(string sql)
    {
        await using var database = new PostgresDatabase(_options);
        await using var command = database.DataSource.CreateCommand(sql.Replace("{schema}", $"\"{_options.Schema}\"", StringComparison.Ordinal));
        return await command.ExecuteScalarAsync() as byte[];
    }

    [Theory]
    [InlineData("Project", "SELECT payload FROM {schema}.grain_state WHERE grain_type = 'storage-probe' AND grain_key = 'tenant1:1001' AND state_name = 'state'")]
    [InlineData("AdoNet", "SELECT payload FROM {schema}.orleans_grain_state WHERE state_name = 'state' AND grain_id_string = 'tenant1:1001'")]
    public async Task State_survives_a_silo_restart_in_the_chosen_grain_storage_and_the_reminder_is_in_the_ado_net_table(string grainStorage, string payloadQuery)
    {
        var grainId = GrainId.Create("storage-probe", "tenant1:1001");
        var first = await StartSiloAsync(grainStorage);
        try
        {
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IStorageProbeGrain>("tenant1:1001");
            await grain.IncrementAsync();
            Assert.Equal(2, await grain.IncrementAsync());
            await grain.RegisterReminderAsync();

            var reminder = Assert.Single((await first.Services.GetRequiredService<IReminderTable>().ReadRows(grainId)).Reminders);
            Assert.Equal(StorageProbeGrain.ReminderName, reminder.ReminderName);
            Assert.Equal(TimeSpan.FromHours(1), reminder.Period);
            Assert.IsType<PostgresDatabase>(first.Services.GetRequiredKeyedService<ISqlDatabase>("Default")); // call logs use it
        }
        finally
        {
            await StopAsync(first);
        }

        var payload = await PayloadAsync(payloadQuery);
        Assert.NotNull(payload);
        Assert.Equal("""{"Count":2}""", Encoding.UTF8.GetString(payload));

        var second = await StartSiloAsync(grainStorage);
        try
        {
            Assert.Equal(2, await second.Services.GetRequiredService<IGrainFactory>().GetGrain<IStorageProbeGrain>("tenant1:1001").CountAsync());
            Assert.Single((await second.Services.GetRequiredService<IReminderTable>().ReadRows(grainId)).Reminders);
        }
        finally
        {
            await StopAsync(second);
        }
    }

    [Fact]
    public async Task A_silo_clustered_through_the_ado_net_membership_table_on_our_schema_joins_and_leaves()
    {
        var siloPort = FreePorts.Next();
        var csb = new NpgsqlConnectionStringBuilder(_options.ConnectionString) { SearchPath = $"\"{_options.Schema}\"" };
        var host = await StartSiloAsync("Project", silo => silo
            .Configure<ClusterOptions>(o => { o.ServiceId = ServiceId; o.ClusterId = "ado-net-cluster"; })
            .ConfigureEndpoints(IPAddress.Loopback, siloPort, FreePorts.Next())
            .UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = csb.ConnectionString; }));
        try
        {
            Assert.Equal(1, await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IStorageProbeGrain>("tenant1:7").IncrementAsync());
            Assert.Equal((int)SiloStatus.Active, await StatusAsync(siloPort));
        }
        finally
        {
            await StopAsync(host);
        }
        Assert.Equal((int)SiloStatus.Dead, await StatusAsync(siloPort));

        async Task<int?> StatusAsync(int port)
        {
            await using var database = new PostgresDatabase(_options);
            await using var command = database.DataSource.CreateCommand(
                $"SELECT status FROM \"{_options.Schema}\".orleans_membership WHERE deployment_id = 'ado-net-cluster' AND port = $1");
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = port });
            return await command.ExecuteScalarAsync() as int?;
        }
    }
}
