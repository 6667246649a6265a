using CallCenter.Storage.Sql;

namespace CallCenter.Storage.Postgres.AdoNet;

/// <summary>
/// The table and statements for Orleans' ADO.NET reminder table (<c>Microsoft.Orleans.Reminders.AdoNet</c>), written for
/// its query contract (<c>AdoNetReminderTable</c> and <c>RelationalOrleansQueries</c> in Orleans 10.4). Every statement
/// gets <c>@ServiceId</c>; rows are read through columns <c>GrainId</c> (the grain id's string form),
/// <c>ReminderName</c>, <c>StartTime</c>, <c>Period</c> (milliseconds) and <c>Version</c> (the ETag, an integer).
/// <list type="bullet">
/// <item><c>ReadReminderRowsKey</c> (<c>@GrainId</c>) and <c>ReadReminderRowKey</c> (<c>@GrainId @ReminderName</c>).</item>
/// <item><c>ReadRangeRows1Key</c> / <c>ReadRangeRows2Key</c> (<c>@BeginHash @EndHash</c>): the ring range (begin, end]
/// of the grains' uniform hash. The provider passes the hashes as signed 32-bit integers and picks the first statement
/// when <c>begin &lt; end</c> as signed numbers, the second otherwise (a range that wraps, or the whole ring when
/// begin = end). Reading the unsigned ring as signed numbers only rotates it by 2³¹, so "greater than begin and at most
/// end" and "greater than begin or at most end" on the signed column are exactly the two cases.</item>
/// <item><c>UpsertReminderRowKey</c> (<c>@GrainHash @GrainId @ReminderName @StartTime @Period</c>) reads the new
/// <c>Version</c>.</item>
/// <item><c>DeleteReminderRowKey</c> (<c>@GrainId @ReminderName @Version</c>) reads one boolean: whether the row with
/// that ETag was removed. <c>DeleteReminderRowsKey</c> removes the service's rows (tests only).</item>
/// </list>
/// Versions come from one sequence rather than a per-row counter: reminders are removed and registered again, and a
/// counter that restarted with the new row would let a remover holding the old row's ETag delete the new one.
/// </summary>
internal static class AdoNetReminderSchema
{
    public const string TableName = "orleans_reminders";

    public static readonly SqlSchema Schema = new("orleans-reminders",
        new SqlMigration(1, "orleans_reminders table and the reminder statements", Version1));

    private static string Version1(ISqlDatabase sqlDatabase)
    {
        var database = AdoNetSchemas.Postgres(sqlDatabase);
        var table = database.SchemaTable(TableName);
        var versions = database.SchemaTable(TableName + "_version");
        const string columns = """grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version" """;
        (string, string)[] queries =
        [
            ("ReadReminderRowsKey", $"SELECT {columns}FROM {table} WHERE service_id = @ServiceId AND grain_id = @GrainId"),
            ("ReadReminderRowKey", $"SELECT {columns}FROM {table} WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName"),
            ("ReadRangeRows1Key", $"SELECT {columns}FROM {table} WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash"),
            ("ReadRangeRows2Key", $"SELECT {columns}FROM {table} WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)"),
            ("UpsertReminderRowKey", $"""
                INSERT INTO {table} (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
                VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, nextval('{versions}'))
                ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
                SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash, version = excluded.version
                RETURNING version AS "Version"
                """),
            ("DeleteReminderRowKey", $"""
                WITH deleted AS (
                    DELETE FROM {table}
                    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
                    RETURNING 1
                )
                SELECT EXISTS (SELECT 1 FROM deleted)
                """),
            ("DeleteReminderRowsKey", $"DELETE FROM {table} WHERE service_id = @ServiceId"),
        ];
        return $"""
            CREATE SEQUENCE IF NOT EXISTS {versions} AS integer CYCLE;
            CREATE TABLE IF NOT EXISTS {table} (
                service_id    text COLLATE "C" NOT NULL,
                grain_id      text COLLATE "C" NOT NULL,
                reminder_name text COLLATE "C" NOT NULL,
                start_time    timestamptz      NOT NULL,
                period        bigint           NOT NULL, -- milliseconds
                grain_hash    integer          NOT NULL, -- GrainId.GetUniformHashCode() as a signed integer
                version       integer          NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            );
            CREATE INDEX IF NOT EXISTS {database.SchemaObjectName(TableName + "_hash")} ON {table} (service_id, grain_hash);
            {OrleansQueryTable.Create(database)};
            {OrleansQueryTable.Upsert(database, queries)}
            """;
    }
}
