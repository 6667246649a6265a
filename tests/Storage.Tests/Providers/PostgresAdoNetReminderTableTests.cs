using CallCenter.Storage.Hosting;
using CallCenter.Storage.Postgres;
using CallCenter.Storage.Postgres.AdoNet;
using CallCenter.Storage.Tests.Contract;
using CallCenter.Storage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace CallCenter.Storage.Tests.Providers;

/// <summary>Orleans' ADO.NET reminder table on the project's schema, as the PostgreSQL registration wires it, each test on
/// a schema of its own. (The schema is applied here; in a silo <see cref="AdoNetSchemaBootstrap"/> does it, which the
/// silo tests cover.)</summary>
public sealed class PostgresAdoNetReminderTableTests(PostgresSchemaFixture server) : ReminderTableContractTests, IClassFixture<PostgresSchemaFixture>
{
    private readonly PostgresStorageOptions _options = server.IsolatedOptions();
    private ServiceProvider? _provider;

    protected override async Task<IReminderTable> OpenTableAsync()
    {
        await using (var database = new PostgresDatabase(_options)) await AdoNetSchemas.EnsureAsync(database);
        var services = AdoNetProviders.Services();
        services.AddPostgresReminderTable(o =>
        {
            o.ConnectionString = _options.ConnectionString;
            o.Schema = _options.Schema;
        });
        _provider = services.BuildServiceProvider();
        return _provider.GetRequiredService<IReminderTable>();
    }

    protected override async Task CloseAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
    }

    [Fact]
    public void The_registration_chose_orleans_ado_net_reminder_table()
    {
        Assert.Equal("Orleans.Runtime.ReminderService.AdoNetReminderTable", Table.GetType().FullName);
    }
}
