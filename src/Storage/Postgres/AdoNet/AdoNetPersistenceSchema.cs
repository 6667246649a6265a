using CallCenter.Storage.Sql;

namespace CallCenter.Storage.Postgres.AdoNet;

/// <summary>
/// The table and statements for Orleans' ADO.NET grain storage (<c>Microsoft.Orleans.Persistence.AdoNet</c>), written for
/// its query contract (<c>AdoNetGrainStorage</c> in Orleans 10.4):
/// <list type="bullet">
/// <item><c>ReadFromStorageKey</c> gets <c>@GrainIdHash @GrainIdN0 @GrainIdN1 @GrainTypeHash @GrainTypeString
/// @GrainIdExtensionString @ServiceId</c> and reads columns <c>PayloadBinary</c> (null: no state) and <c>Version</c>
/// (null: no row) of at most one row.</item>
/// <item><c>WriteToStorageKey</c> gets the same plus <c>@GrainStateVersion</c> (the ETag the grain holds, null when it
/// read nothing) and <c>@PayloadBinary</c>, and reads column <c>NewGrainStateVersion</c>: the new version, or no row (or
/// the old version) when the condition failed, which the provider turns into <c>InconsistentStateException</c>.</item>
/// <item><c>ClearStorageKey</c> gets the same as a write without the payload and reads the first column of at most one
/// row the same way.</item>
/// <item><c>DeleteStorageKey</c> is optional (used only with <c>DeleteStateOnClear</c>) and deliberately absent: versions
/// are per-row counters, and a deleted row would restart at 1, so a writer still holding an ETag from before the delete
/// could overwrite state written after it (the ABA case). Cleared state keeps its row with a null payload and the next
/// version; with the key absent the provider refuses <c>DeleteStateOnClear = true</c> at start-up.</item>
/// </list>
/// Identity: since Orleans 7 the provider's "grain type" (<c>@GrainTypeString</c>) is the state name, and the grain key
/// arrives as <c>@GrainIdN0/@GrainIdN1</c> (integer and GUID keys, which the provider parses out of any key that looks
/// like hexadecimal) plus <c>@GrainIdExtensionString</c> (string key or key extension); the grain's type is not passed at
/// all. Only the two hashes can carry it, so the registration supplies <see cref="GrainIdentityHasherPicker"/>, whose
/// hashes are computed over the whole grain id; both hashes are part of the unique key below.
/// </summary>
internal static class AdoNetPersistenceSchema
{
    public const string TableName = "orleans_grain_state";

    public static readonly SqlSchema Schema = new("orleans-persistence",
        new SqlMigration(1, "orleans_grain_state table and the grain storage statements", Version1));

    private static string Version1(ISqlDatabase sqlDatabase)
    {
        var database = AdoNetSchemas.Postgres(sqlDatabase);
        var table = database.SchemaTable(TableName);
        var key = database.SchemaObjectName(TableName + "_key");
        // Every parameter the provider passes takes part in the match; a null extension is stored as '' so that a plain
        // unique constraint covers it on every supported PostgreSQL version.
        const string identity = """
            grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
              AND state_name = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
              AND grain_id_string = coalesce(@GrainIdExtensionString, '')
            """;
        (string, string)[] queries =
        [
            ("ReadFromStorageKey", $"""
                SELECT payload AS "PayloadBinary", version AS "Version"
                FROM {table}
                WHERE {identity}
                """),
            // One statement: either replace the version the grain holds or create the row when it holds none. Under READ
            // COMMITTED a racing UPDATE re-checks "version = @GrainStateVersion" against the committed row, and a racing
            // INSERT meets the unique key, so exactly one writer wins.
            ("WriteToStorageKey", $"""
                WITH updated AS (
                    UPDATE {table}
                    SET payload = @PayloadBinary, version = version + 1, modified_on = now()
                    WHERE {identity} AND version = @GrainStateVersion
                    RETURNING version
                ), inserted AS (
                    INSERT INTO {table} (service_id, grain_id_hash, grain_type_hash, state_name, grain_id_n0, grain_id_n1, grain_id_string, payload, version)
                    SELECT @ServiceId, @GrainIdHash, @GrainTypeHash, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''), @PayloadBinary, 1
                    WHERE @GrainStateVersion IS NULL
                    ON CONFLICT ON CONSTRAINT {key} DO NOTHING
                    RETURNING version
                )
                SELECT version AS "NewGrainStateVersion" FROM updated
                UNION ALL
                SELECT version FROM inserted
                """),
            ("ClearStorageKey", $"""
                UPDATE {table}
                SET payload = NULL, version = version + 1, modified_on = now()
                WHERE {identity} AND version = @GrainStateVersion
                RETURNING version AS "NewGrainStateVersion"
                """),
        ];
        // The hashes lead the key: they are small and, computed over the whole grain id, nearly unique on their own.
        // fillfactor 80 as for grain_state: rewriting a state in place stays a HOT update.
        return $"""
            CREATE TABLE IF NOT EXISTS {table} (
                grain_id_hash   integer          NOT NULL,
                grain_type_hash integer          NOT NULL,
                service_id      text COLLATE "C" NOT NULL,
                state_name      text COLLATE "C" NOT NULL,
                grain_id_n0     bigint           NOT NULL,
                grain_id_n1     bigint           NOT NULL,
                grain_id_string text COLLATE "C" NOT NULL,
                payload         bytea,
                version         integer          NOT NULL,
                modified_on     timestamptz      NOT NULL DEFAULT now(),
                CONSTRAINT {key} UNIQUE (grain_id_hash, grain_type_hash, service_id, state_name, grain_id_n0, grain_id_n1, grain_id_string)
            ) WITH (fillfactor = 80);
            {OrleansQueryTable.Create(database)};
            {OrleansQueryTable.Upsert(database, queries)}
            """;
    }
}
