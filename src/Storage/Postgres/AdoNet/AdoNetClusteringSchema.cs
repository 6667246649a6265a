using CallCenter.Storage.Sql;

namespace CallCenter.Storage.Postgres.AdoNet;

/// <summary>
/// The tables and statements for Orleans' ADO.NET membership table (<c>Microsoft.Orleans.Clustering.AdoNet</c>: the
/// silos' <c>AdoNetClusteringTable</c> and the clients' <c>AdoNetGatewayListProvider</c>), written for its query contract
/// in Orleans 10.4. Every statement gets <c>@DeploymentId</c> (Orleans' cluster id).
/// <list type="bullet">
/// <item>Membership is versioned as a whole: one version row per cluster, and every change of a silo's row is
/// conditional on the version the silo read (<c>@Version</c>) and advances it, in the same statement.
/// <c>InsertMembershipVersionKey</c> creates the version row if missing and reads one boolean (created or not);
/// <c>InsertMembershipKey</c> (<c>@Address @Port @Generation @SiloName @HostName @Status @ProxyPort @StartTime
/// @IAmAliveTime @Version</c>) and <c>UpdateMembershipKey</c> (<c>@Address @Port @Generation @Status @SuspectTimes
/// @IAmAliveTime @Version</c>) read one boolean: whether the version matched and the row was written.</item>
/// <item><c>UpdateIAmAlivetimeKey</c> (<c>@Address @Port @Generation @IAmAliveTime</c>) is the unconditional
/// heartbeat.</item>
/// <item><c>MembershipReadRowKey</c> (<c>@Address @Port @Generation</c>) and <c>MembershipReadAllKey</c> read the version
/// (<c>Version</c>) on every row and the silo columns <c>Address Port Generation SiloName HostName Status ProxyPort
/// SuspectTimes StartTime IAmAliveTime</c>: always at least one row (the version row, silo columns null when there is no
/// silo), which is why they join from the version table.</item>
/// <item><c>GatewaysQueryKey</c> (<c>@Status</c>, Active) reads <c>Address ProxyPort Generation</c> of the gateways.</item>
/// <item><c>DeleteMembershipTableEntriesKey</c> removes the cluster; <c>CleanupDefunctSiloEntriesKey</c>
/// (<c>@IAmAliveTime</c>) removes silos declared dead whose last heartbeat is older.</item>
/// </list>
/// </summary>
internal static class AdoNetClusteringSchema
{
    public const string VersionTableName = "orleans_membership_version";
    public const string TableName = "orleans_membership";

    /// <summary><c>Orleans.Runtime.SiloStatus.Dead</c>.</summary>
    private const int DeadStatus = 6;

    public static readonly SqlSchema Schema = new("orleans-clustering",
        new SqlMigration(1, "orleans_membership tables and the membership statements", Version1));

    private static string Version1(ISqlDatabase sqlDatabase)
    {
        var database = AdoNetSchemas.Postgres(sqlDatabase);
        var versions = database.SchemaTable(VersionTableName);
        var members = database.SchemaTable(TableName);
        const string silo = "deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation";
        const string columns = """
            v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
            m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
            m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
            """;
        (string, string)[] queries =
        [
            ("InsertMembershipVersionKey", $"""
                WITH created AS (
                    INSERT INTO {versions} (deployment_id) VALUES (@DeploymentId)
                    ON CONFLICT (deployment_id) DO NOTHING
                    RETURNING 1
                )
                SELECT EXISTS (SELECT 1 FROM created)
                """),
            // The version row is locked by the UPDATE, so silos changing membership at once serialize on it and all but
            // the first find the version moved on. The silo row is written only through a version that moved.
            ("InsertMembershipKey", $"""
                WITH advanced AS (
                    UPDATE {versions} SET version = version + 1, changed_at = now()
                    WHERE deployment_id = @DeploymentId AND version = @Version
                      AND NOT EXISTS (SELECT 1 FROM {members} WHERE {silo})
                    RETURNING deployment_id
                ), inserted AS (
                    INSERT INTO {members} (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
                    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM advanced
                    ON CONFLICT DO NOTHING
                    RETURNING 1
                )
                SELECT EXISTS (SELECT 1 FROM inserted)
                """),
            ("UpdateMembershipKey", $"""
                WITH advanced AS (
                    UPDATE {versions} SET version = version + 1, changed_at = now()
                    WHERE deployment_id = @DeploymentId AND version = @Version
                      AND EXISTS (SELECT 1 FROM {members} WHERE {silo})
                    RETURNING deployment_id
                ), updated AS (
                    UPDATE {members} m SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                    FROM advanced
                    WHERE m.deployment_id = advanced.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                    RETURNING 1
                )
                SELECT EXISTS (SELECT 1 FROM updated)
                """),
            ("UpdateIAmAlivetimeKey", $"UPDATE {members} SET i_am_alive_time = @IAmAliveTime WHERE {silo}"),
            ("MembershipReadRowKey", $"""
                SELECT {columns}
                FROM {versions} v
                LEFT JOIN {members} m ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                WHERE v.deployment_id = @DeploymentId
                """),
            ("MembershipReadAllKey", $"""
                SELECT {columns}
                FROM {versions} v
                LEFT JOIN {members} m ON m.deployment_id = v.deployment_id
                WHERE v.deployment_id = @DeploymentId
                """),
            ("GatewaysQueryKey", $"""
                SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
                FROM {members}
                WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
                """),
            // The silo rows go with the version row (ON DELETE CASCADE).
            ("DeleteMembershipTableEntriesKey", $"DELETE FROM {versions} WHERE deployment_id = @DeploymentId"),
            ("CleanupDefunctSiloEntriesKey", $"DELETE FROM {members} WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status = {DeadStatus}"),
        ];
        return $"""
            CREATE TABLE IF NOT EXISTS {versions} (
                deployment_id text COLLATE "C" NOT NULL PRIMARY KEY,
                version       integer          NOT NULL DEFAULT 0,
                changed_at    timestamptz      NOT NULL DEFAULT now()
            );
            CREATE TABLE IF NOT EXISTS {members} (
                deployment_id   text COLLATE "C" NOT NULL REFERENCES {versions} (deployment_id) ON DELETE CASCADE,
                address         text             NOT NULL,
                port            integer          NOT NULL,
                generation      integer          NOT NULL,
                silo_name       text             NOT NULL,
                host_name       text             NOT NULL,
                status          integer          NOT NULL,
                proxy_port      integer          NOT NULL DEFAULT 0,
                suspect_times   text,            -- "address,time|address,time", as the provider writes it
                start_time      timestamptz      NOT NULL,
                i_am_alive_time timestamptz      NOT NULL,
                PRIMARY KEY (deployment_id, address, port, generation)
            );
            {OrleansQueryTable.Create(database)};
            {OrleansQueryTable.Upsert(database, queries)}
            """;
    }
}
