using CallCenter.Storage.Postgres;
using CallCenter.Storage.Sql;
using CallCenter.Storage.Tests.Infrastructure;
using CallCenter.Storage.Tests.Sql;

namespace CallCenter.Storage.Tests.Postgres;

public sealed class PostgresSchemaMigrationTests(PostgresSchemaFixture server) : SchemaMigrationContractTests, IClassFixture<PostgresSchemaFixture>
{
    private readonly string _prefix = PostgresSchemaFixture.UniquePrefix();

    protected override ISqlDatabase OpenInstance() => new PostgresDatabase(server.Options(_prefix));
}
